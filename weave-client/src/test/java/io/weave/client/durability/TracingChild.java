package io.weave.client.durability;

import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import io.weave.client.Call;
import io.weave.client.WalFsyncPolicy;
import io.weave.client.WeaveClient;
import io.weave.client.WeaveClientBuilder;
import io.weave.client.WeaveEnvironment;
import io.weave.test.ChildJvm;

/**
 * A separate JVM that traces calls through the write-ahead log, for crash and multi-process
 * tests. Arguments: {@code <walDir> <baseUrl> <apiKey> <mode> <count> [<fsync> [complete]]} where
 * mode is {@code trace} (trace {@code count} calls, or forever if 0, printing each call's id
 * once its end was appended; no clean shutdown), {@code open} (trace a few calls, then open
 * a call and a child call on each of {@code count} threads, printing their ids once their
 * starts were appended, and wait to be killed), {@code wal-only} (trace {@code count} calls
 * without sending, then exit) or {@code drain} (send what the directory holds, then exit).
 * The fsync policy is {@code always} unless given; {@code complete} sends in calls-complete mode.
 */
public final class TracingChild {

	static final String PROJECT = "crash/test";

	private TracingChild() {
	}

	/** Starts a child in a JVM of its own; its standard error is discarded. */
	static ChildJvm start(String... args) {
		return ChildJvm.start(TracingChild.class, List.of("-Xmx256m"), Redirect.DISCARD, args);
	}

	public static void main(String[] args) {
		Path dir = Path.of(args[0]);
		String mode = args[3];
		int count = Integer.parseInt(args[4]);
		WeaveClientBuilder builder = WeaveClient.builder()
			.project(PROJECT)
			.baseUrl(args[1])
			.environment(WeaveEnvironment.of((name) -> null))
			.wal(true)
			.walDirectory(dir)
			.walFsync((args.length > 5) ? WalFsyncPolicy.valueOf(args[5].toUpperCase(Locale.ROOT))
					: WalFsyncPolicy.ALWAYS)
			.callsCompleteMode(args.length > 6 && args[6].equals("complete"))
			.batchInterval(Duration.ofMillis(20))
			.backoff(Duration.ofMillis(10), Duration.ofMillis(200));
		if (!mode.equals("wal-only")) {
			builder.apiKey(args[2]);
		}
		WeaveClient client = builder.build();
		switch (mode) {
			case "trace" -> traceForever(client, count);
			case "open" -> openCalls(client, count);
			case "wal-only" -> {
				trace(client, count);
				client.close();
			}
			case "drain" -> {
				System.out.println("drained " + drain(client, Duration.ofSeconds(60)));
				client.close();
			}
			default -> throw new IllegalArgumentException(mode);
		}
	}

	/** Waits until the directory's backlog, adopted from dead processes, is sent. */
	private static boolean drain(WeaveClient client, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (client.backlog().pendingRecords() > 0 || client.stats().requestsSent() == 0) {
			if (System.nanoTime() - deadline > 0) {
				return false;
			}
			client.flush(Duration.ofMillis(100));
			LockSupport.parkNanos(20_000_000);
		}
		return true;
	}

	private static void traceForever(WeaveClient client, int count) {
		for (int i = 0; count == 0 || i < count; i++) {
			trace(client, 1);
		}
		System.out.flush();
		// a crash, not a shutdown: nothing is flushed
		Runtime.getRuntime().halt(0);
	}

	private static void openCalls(WeaveClient client, int threads) {
		trace(client, 3);
		for (int i = 0; i < threads; i++) {
			Thread thread = new Thread(() -> {
				Call outer = client.startCall("outer", Map.of("thread", Thread.currentThread().getName()));
				Call inner = client.startCall("inner", Map.of());
				// printed only after both starts were appended
				System.out.println("open " + outer.id());
				System.out.println("open " + inner.id());
				System.out.flush();
				LockSupport.park();
			}, "open-" + i);
			thread.start();
		}
		LockSupport.park();
	}

	private static void trace(WeaveClient client, int count) {
		for (int i = 0; i < count; i++) {
			String[] id = new String[1];
			client.run("crashy", Map.of("i", i, "text", "payload-" + i), () -> {
				id[0] = io.weave.client.CallContext.current().id();
			});
			// printed only after the call's end record was appended and fsynced
			System.out.println("traced " + id[0]);
		}
		System.out.flush();
	}

}
