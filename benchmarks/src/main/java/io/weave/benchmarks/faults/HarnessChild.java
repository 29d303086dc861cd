package io.weave.benchmarks.faults;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.weave.client.FlushListener;
import io.weave.client.FlushResult;
import io.weave.client.WalFsyncPolicy;
import io.weave.client.WeaveClient;
import io.weave.client.WeaveClientBuilder;
import io.weave.client.WeaveEnvironment;
import io.weave.client.WeaveStats;
import io.weave.test.ChildJvm;

/**
 * A process of the fault harness, tracing through the write-ahead log. Arguments:
 * {@code <walDir> <baseUrl> <apiKey or -> <mode> <count> <fsync> [name=value…]}, modes:
 * <ul>
 * <li>{@code trace}: traces {@code count} calls (forever if 0), then halts without closing the
 * client: a crash, not a shutdown;</li>
 * <li>{@code trace-close}: traces {@code count} calls, sending as it goes, then finishes the
 * client and prints {@code finished <completed>};</li>
 * <li>{@code wal-only}: traces {@code count} calls without sending, then closes;</li>
 * <li>{@code hold}: traces {@code count} calls, prints its counters and {@code held}, then
 * waits to be killed;</li>
 * <li>{@code phases}: traces {@code count} calls, prints its counters and {@code paused},
 * waits until its standard input closes, traces {@code then} more, prints its counters and
 * closes;</li>
 * <li>{@code bursts}: {@code threads} threads each trace {@code count} calls at once in each of
 * {@code bursts} bursts, the bursts {@code gap} milliseconds apart on average and every
 * {@code longGapEvery}-th gap {@code longGap} milliseconds long, then finishes;</li>
 * <li>{@code open-calls}: {@code threads} threads trace calls that take 5–50 ms, printing
 * {@code started <id>} first thing inside each and {@code returning <id>} last, until killed;</li>
 * <li>{@code send}: traces {@code count} calls, sends what the directory holds until its
 * standard input closes, then finishes and prints its counters;</li>
 * <li>{@code drain}: sends what the directory holds, then prints {@code drained <millis>}.</li>
 * </ul>
 * Options: {@code maxBytes} and {@code segmentBytes} of the log, {@code payload} (characters
 * added to each call's inputs), {@code threads}, {@code bursts}, {@code gap}, {@code longGap},
 * {@code longGapEvery}, {@code then},
 * {@code hang} (milliseconds after which a call that has not returned is reported as hung).
 * Every traced call reports what the application saw (see {@link CallRunner}). The counters are
 * printed as {@code enqueued}, {@code dropped}, {@code dead-lettered} and {@code pending}.
 */
public final class HarnessChild {

	static final String PROJECT = "faults/harness";

	private final WeaveClient client;

	private final CallRunner runner;

	private final Map<String, String> options;

	private HarnessChild(WeaveClient client, Map<String, String> options) {
		this.client = client;
		this.options = options;
		this.runner = new CallRunner(client, Duration.ofMillis(option("hang", 10_000)));
	}

	/**
	 * Starts a child in a JVM of its own, on this JVM's class path. Its standard error is
	 * discarded, or appended to {@code child-errors.log} in the directory named by
	 * {@code -Dweave.harness.logs}.
	 */
	static ChildJvm start(Path directory, String baseUrl, String apiKey, String mode, int count, String fsync,
			String... options) {
		List<String> args = new ArrayList<>(List.of(directory.toString(), baseUrl, apiKey, mode,
				Integer.toString(count), fsync));
		args.addAll(List.of(options));
		String logs = System.getProperty("weave.harness.logs");
		Redirect errors = (logs != null) ? Redirect.appendTo(new File(logs, "child-errors.log")) : Redirect.DISCARD;
		return ChildJvm.start(HarnessChild.class, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), errors,
				args.toArray(String[]::new));
	}

	public static void main(String[] args) throws Exception {
		Path directory = Path.of(args[0]);
		String mode = args[3];
		int count = Integer.parseInt(args[4]);
		Map<String, String> options = new HashMap<>();
		for (int i = 6; i < args.length; i++) {
			String[] pair = args[i].split("=", 2);
			options.put(pair[0], pair[1]);
		}
		WeaveClientBuilder builder = WeaveClient.builder()
			.project(PROJECT)
			.baseUrl(args[1])
			.environment(WeaveEnvironment.of((name) -> null))
			.wal(true)
			.walDirectory(directory)
			.walFsync(WalFsyncPolicy.valueOf(args[5]))
			.batchInterval(Duration.ofMillis(20))
			.backoff(Duration.ofMillis(10), Duration.ofMillis(200));
		if (options.containsKey("maxBytes")) {
			builder.walMaxBytes(Long.parseLong(options.get("maxBytes")));
		}
		if (options.containsKey("segmentBytes")) {
			builder.walSegmentBytes(Long.parseLong(options.get("segmentBytes")));
		}
		if (!args[2].equals("-")) {
			builder.apiKey(args[2]);
		}
		new HarnessChild(builder.build(), options).run(mode, count);
	}

	private void run(String mode, int count) throws Exception {
		switch (mode) {
			case "trace" -> {
				trace(count);
				System.out.flush();
				Runtime.getRuntime().halt(0);
			}
			case "trace-close" -> {
				trace(count);
				FlushResult result = this.client.finish(Duration.ofSeconds(60), FlushListener.silent());
				System.out.println("finished " + result.completed());
			}
			case "wal-only" -> {
				trace(count);
				this.client.close();
			}
			case "hold" -> {
				trace(count);
				printCounters();
				System.out.println("held");
				System.out.flush();
				Thread.sleep(Long.MAX_VALUE);
			}
			case "phases" -> {
				trace(count);
				printCounters();
				System.out.println("paused");
				awaitInputClosed();
				trace(option("then", 0));
				printCounters();
				this.client.close();
				System.out.println("closed");
			}
			case "bursts" -> bursts(count);
			case "open-calls" -> openCalls();
			case "send" -> {
				trace(count);
				printCounters();
				System.out.println("sending");
				awaitInputClosed();
				FlushResult result = this.client.finish(Duration.ofSeconds(30), FlushListener.silent());
				printCounters();
				System.out.println("finished " + result.completed());
			}
			case "drain" -> {
				long start = System.nanoTime();
				boolean drained = drain(this.client, Duration.ofSeconds(120));
				System.out.println("drained " + (drained ? (System.nanoTime() - start) / 1_000_000 : -1));
				this.client.finish(Duration.ofSeconds(10), FlushListener.silent());
			}
			default -> throw new IllegalArgumentException(mode);
		}
		System.out.flush();
	}

	/** Traces {@code count} calls one after the other, forever if 0. */
	private void trace(int count) {
		String payload = "p".repeat(option("payload", 0));
		for (int i = 0; count == 0 || i < count; i++) {
			int index = i;
			Map<String, Object> inputs = payload.isEmpty() ? Map.of("i", i, "text", "payload-" + i)
					: Map.of("i", i, "text", "payload-" + i, "payload", payload);
			try {
				this.runner.call("harness", inputs, (id) -> {
					if (index % 97 == 0) {
						LockSupport.parkNanos(100_000);
					}
				});
			}
			catch (Throwable late) {
				// an error of the call's, arrived after it returned (see CallRunner.report)
				CallRunner.report(late);
			}
		}
		System.out.flush();
	}

	/**
	 * Many threads tracing at once in bursts, idle between them: every burst starts at the
	 * same moment on every thread, so that appenders pile up on the log and then all leave it.
	 */
	private void bursts(int perBurst) throws InterruptedException {
		int threads = option("threads", 32);
		int bursts = option("bursts", 20);
		int gapMillis = option("gap", 50);
		Random random = new Random(7);
		long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
		long[] at = new long[bursts];
		int longGapEvery = option("longGapEvery", 10);
		for (int b = 1; b < bursts; b++) {
			// now and then a gap longer than the hang bound: a call left parked with no fsync to come shows there
			long gap = (b % longGapEvery == 0) ? option("longGap", 3_000) : gapMillis / 2 + random.nextInt(gapMillis + 1);
			at[b] = at[b - 1] + TimeUnit.MILLISECONDS.toNanos(gap);
		}
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			workers.add(started("burst-" + t, () -> {
				for (int b = 0; b < bursts; b++) {
					LockSupport.parkNanos(start + at[b] - System.nanoTime());
					for (int k = 0; k < perBurst; k++) {
						this.runner.call("burst", Map.of("thread", thread, "burst", b, "k", k), (id) -> {
						});
					}
				}
			}));
		}
		long deadline = start + at[bursts - 1] + TimeUnit.MILLISECONDS.toNanos(option("hang", 10_000)) * 3;
		for (Thread worker : workers) {
			worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
			if (worker.isAlive()) {
				// a thread stuck in the log: the client cannot be closed either
				System.out.println("gave-up");
				System.out.flush();
				Runtime.getRuntime().halt(0);
			}
		}
		FlushResult result = this.client.finish(Duration.ofSeconds(60), FlushListener.silent());
		printCounters();
		System.out.println("finished " + result.completed());
	}

	/** Request loops whose calls are in flight most of the time, until the process is killed. */
	private void openCalls() throws InterruptedException {
		for (int t = 0; t < option("threads", 4); t++) {
			int thread = t;
			started("loop-" + t, () -> {
				for (int i = 0;; i++) {
					this.runner.call("open", Map.of("thread", thread, "i", i), (id) -> {
						System.out.println("started " + id);
						LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextInt(5, 51)));
						System.out.println("returning " + id);
					});
				}
			});
		}
		Thread.sleep(Long.MAX_VALUE);
	}

	private static Thread started(String name, Runnable work) {
		Thread thread = new Thread(work, name);
		thread.start();
		return thread;
	}

	private void printCounters() {
		WeaveStats stats = this.client.stats();
		System.out.println("enqueued " + stats.requestsEnqueued());
		System.out.println("dropped " + stats.requestsDropped());
		System.out.println("dead-lettered " + this.client.backlog().deadLettered());
		System.out.println("pending " + this.client.backlog().pendingRecords());
		System.out.flush();
	}

	private int option(String name, int otherwise) {
		String value = this.options.get(name);
		return (value != null) ? Integer.parseInt(value) : otherwise;
	}

	private static void awaitInputClosed() throws IOException {
		while (System.in.read() >= 0) {
			// nothing is sent on it: its end is the signal
		}
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
