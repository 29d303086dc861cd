package io.weave.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.weave.client.FlushListener;
import io.weave.client.WalFsyncPolicy;
import io.weave.client.WeaveBacklog;
import io.weave.client.WeaveClient;
import io.weave.client.WeaveClientBuilder;
import io.weave.client.WeaveEnvironment;
import io.weave.client.WeaveStats;
import io.weave.test.FakeWeaveServer;

/**
 * How much heap the client holds on to while the trace server is down: {@code calls} calls are
 * traced against a server answering 503, with the write-ahead log (the backlog waits on disk)
 * and without it (the in-memory queue fills up to its bound, then drops), and the heap used
 * after a full collection is printed at every tenth of the way.
 * <p>
 * Arguments: {@code [calls]}, default 1,000,000. Run it with a small heap, e.g. {@code -Xmx256m},
 * to see that the backlog does not need one.
 */
public final class HeapRetention {

	private static final String PAYLOAD = "p".repeat(200);

	private HeapRetention() {
	}

	public static void main(String[] args) {
		int calls = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		try (FakeWeaveServer server = FakeWeaveServer.builder().strict(false).start()) {
			server.faults().failFor(Duration.ofDays(1), 503);
			System.out.printf("%,d calls traced while the server answers 503; heap used after a full GC (max heap %d MB)%n",
					calls, memory.getHeapMemoryUsage().getMax() >> 20);
			System.out.printf("%-8s %12s %14s %14s %12s %14s%n", "outbox", "calls", "heap MB", "growth MB",
					"dropped", "backlog MB");
			for (boolean wal : new boolean[] { true, false }) {
				run(server, memory, wal, calls);
			}
		}
	}

	private static void run(FakeWeaveServer server, MemoryMXBean memory, boolean wal, int calls) {
		Path directory = TempDirectories.create("weave-bench-heap");
		String outbox = wal ? "wal" : "memory";
		WeaveClientBuilder builder = WeaveClient.builder()
			.project("bench/heap")
			.apiKey(server.apiKey())
			.baseUrl(server.baseUrl())
			.environment(WeaveEnvironment.of((name) -> null))
			.backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
			.closeTimeout(Duration.ZERO);
		if (wal) {
			builder.wal(true).walDirectory(directory).walFsync(WalFsyncPolicy.INTERVAL)
				.walMaxBytes(16L * 1024 * 1024 * 1024);
		}
		long baseline = usedAfterGc(memory);
		long peak = 0;
		try (WeaveClient client = builder.build()) {
			int step = Math.max(1, calls / 10);
			for (int i = 1; i <= calls; i++) {
				int index = i;
				client.call("during-outage", Map.of("i", i, "payload", PAYLOAD), () -> "result " + index);
				if (i % step == 0) {
					long used = usedAfterGc(memory);
					peak = Math.max(peak, used - baseline);
					WeaveStats stats = client.stats();
					WeaveBacklog backlog = client.backlog();
					System.out.printf("%-8s %,12d %14.1f %14.1f %,12d %14.1f%n", outbox, i, used / 1048576.0,
							(used - baseline) / 1048576.0, stats.requestsDropped(), backlog.bytes() / 1048576.0);
				}
			}
			client.finish(Duration.ZERO, FlushListener.silent());
		}
		finally {
			TempDirectories.delete(directory);
		}
		System.out.printf("%-8s peak growth %.1f MB over %,d calls%n", outbox, peak / 1048576.0, calls);
	}

	private static long usedAfterGc(MemoryMXBean memory) {
		System.gc();
		System.gc();
		return memory.getHeapMemoryUsage().getUsed();
	}

}
