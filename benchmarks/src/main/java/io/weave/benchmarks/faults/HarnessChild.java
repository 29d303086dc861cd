package io.weave.benchmarks.faults;

import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import io.weave.client.Call;
import io.weave.client.CallContext;
import io.weave.client.FlushListener;
import io.weave.client.FlushResult;
import io.weave.client.WalFsyncPolicy;
import io.weave.client.WeaveClient;
import io.weave.client.WeaveClientBuilder;
import io.weave.client.WeaveEnvironment;
import io.weave.test.ChildJvm;

/**
 * A process of the fault harness, tracing through the write-ahead log. Arguments:
 * {@code <walDir> <baseUrl> <apiKey or -> <mode> <count> <fsync>}, modes:
 * <ul>
 * <li>{@code trace}: traces {@code count} calls (forever if 0), printing {@code traced <id>}
 * once each call has returned, then halts without closing the client: a crash, not a
 * shutdown;</li>
 * <li>{@code open}: traces {@code count} calls, then opens a call on each of four threads,
 * printing {@code open <id>} once its start is in the log, and waits to be killed;</li>
 * <li>{@code trace-close}: traces {@code count} calls, sending as it goes, then finishes the
 * client and prints {@code finished <completed>};</li>
 * <li>{@code wal-only}: traces {@code count} calls without sending, then closes;</li>
 * <li>{@code drain}: sends what the directory holds, then prints {@code drained <millis>}.</li>
 * </ul>
 */
public final class HarnessChild {

	static final String PROJECT = "faults/harness";

	private HarnessChild() {
	}

	/** Starts a child in a JVM of its own, on this JVM's class path; its standard error is discarded. */
	static ChildJvm start(Path directory, String baseUrl, String apiKey, String mode, int count, String fsync) {
		return ChildJvm.start(HarnessChild.class, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), Redirect.DISCARD,
				directory.toString(), baseUrl, apiKey, mode, Integer.toString(count), fsync);
	}

	public static void main(String[] args) {
		Path directory = Path.of(args[0]);
		String mode = args[3];
		int count = Integer.parseInt(args[4]);
		WeaveClientBuilder builder = WeaveClient.builder()
			.project(PROJECT)
			.baseUrl(args[1])
			.environment(WeaveEnvironment.of((name) -> null))
			.wal(true)
			.walDirectory(directory)
			.walFsync(WalFsyncPolicy.valueOf(args[5]))
			.batchInterval(Duration.ofMillis(20))
			.backoff(Duration.ofMillis(10), Duration.ofMillis(200));
		if (!mode.equals("wal-only")) {
			builder.apiKey(args[2]);
		}
		WeaveClient client = builder.build();
		switch (mode) {
			case "trace" -> {
				trace(client, count);
				System.out.flush();
				Runtime.getRuntime().halt(0);
			}
			case "open" -> {
				trace(client, count);
				openCalls(client, 4);
			}
			case "trace-close" -> {
				trace(client, count);
				FlushResult result = client.finish(Duration.ofSeconds(60), FlushListener.silent());
				System.out.println("finished " + result.completed());
			}
			case "wal-only" -> {
				trace(client, count);
				client.close();
			}
			case "drain" -> {
				long start = System.nanoTime();
				boolean drained = drain(client, Duration.ofSeconds(120));
				System.out.println("drained " + (drained ? (System.nanoTime() - start) / 1_000_000 : -1));
				client.finish(Duration.ofSeconds(10), FlushListener.silent());
			}
			default -> throw new IllegalArgumentException(mode);
		}
	}

	private static void trace(WeaveClient client, int count) {
		for (int i = 0; count == 0 || i < count; i++) {
			String[] id = new String[1];
			int index = i;
			client.run("harness", Map.of("i", i, "text", "payload-" + i), () -> {
				id[0] = CallContext.current().id();
				if (index % 97 == 0) {
					LockSupport.parkNanos(100_000);
				}
			});
			System.out.println("traced " + id[0]);
		}
		System.out.flush();
	}

	/** Opens a call on each of {@code threads} threads that never ends, then waits for the kill. */
	private static void openCalls(WeaveClient client, int threads) {
		for (int i = 0; i < threads; i++) {
			new Thread(() -> {
				Call call = client.startCall("harness-open", Map.of());
				System.out.println("open " + call.id());
				System.out.flush();
				LockSupport.park();
			}, "open-" + i).start();
		}
		LockSupport.park();
	}

	/** Waits until the backlog adopted from other processes is sent. */
	static boolean drain(WeaveClient client, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (client.backlog().pendingRecords() > 0 || client.stats().requestsSent() == 0) {
			if (System.nanoTime() - deadline > 0) {
				return false;
			}
			LockSupport.parkNanos(20_000_000);
		}
		return true;
	}

}
