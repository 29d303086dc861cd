package io.weave.benchmarks.faults;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import io.weave.benchmarks.TempDirectories;
import io.weave.client.FlushListener;
import io.weave.client.FlushResult;
import io.weave.client.WalFsyncPolicy;
import io.weave.client.WeaveBacklog;
import io.weave.client.WeaveClient;
import io.weave.client.WeaveClientBuilder;
import io.weave.client.WeaveEnvironment;
import io.weave.client.WeaveStats;
import io.weave.test.ChildJvm;
import io.weave.test.FakeWeaveServer;
import io.weave.test.ReceivedCall;

/**
 * Runs the client with its write-ahead log through the faults it is built for and prints what
 * became of every record: processes killed with {@code kill -9} mid-trace, a server outage,
 * records the server rejects for good, damaged log files, two processes on one directory, and
 * a full log under each fsync policy.
 * <p>
 * A record is <em>lost</em> when the client accepted it (appended it to the log) and it neither
 * reached the server nor was dead-lettered or quarantined with a reason: the harness exits with
 * status 1 if any was. Calls count as delivered once the server has both their start and end.
 * <p>
 * Arguments: {@code [quick]} runs a short configuration (the one the build runs); the default is
 * the full one.
 */
public final class FaultHarness {

	private static final Duration WAIT = Duration.ofSeconds(120);

	private final Config config;

	private final PrintStream out;

	private final Random random = new Random(42);

	FaultHarness(Config config, PrintStream out) {
		this.config = config;
		this.out = out;
	}

	public static void main(String[] args) throws Exception {
		Config config = (args.length > 0 && args[0].equals("quick")) ? Config.QUICK : Config.FULL;
		List<Row> rows = new FaultHarness(config, System.out).run();
		System.exit(rows.stream().allMatch((row) -> row.lost() == 0) ? 0 : 1);
	}

	/** Runs every scenario and prints the table; returns its rows. */
	List<Row> run() throws Exception {
		List<Row> rows = new ArrayList<>();
		rows.add(killLoop());
		rows.add(killWithCallsOpen());
		rows.add(outage());
		rows.add(poisonRecords());
		rows.add(damagedFiles());
		rows.add(twoProcessesOnOneDirectory());
		for (WalFsyncPolicy policy : WalFsyncPolicy.values()) {
			rows.add(fullLog(policy));
		}
		print(rows);
		return rows;
	}

	/** Children tracing with the default fsync policy, killed at random points; a later process sends it all. */
	Row killLoop() throws Exception {
		try (FakeWeaveServer server = FakeWeaveServer.builder().start()) {
			Path directory = TempDirectories.create("weave-faults-kill");
			try {
				Set<String> reported = new HashSet<>();
				for (int run = 0; run < this.config.kills; run++) {
					int killAfter = this.config.killAfterMin + this.random.nextInt(this.config.killAfterSpread);
					try (ChildJvm child = HarnessChild.start(directory, server.baseUrl(), server.apiKey(), "trace", 0,
							"INTERVAL")) {
						awaitUntil(() -> child.values("traced").size() >= killAfter,
								"child traced " + killAfter + " calls");
						child.kill();
						reported.addAll(child.values("traced"));
					}
				}
				ChildJvm drain = HarnessChild.start(directory, server.baseUrl(), server.apiKey(), "drain", 0,
						"INTERVAL");
				drain.awaitExit();
				long drainMillis = Long.parseLong(drain.value("drained"));
				awaitUntil(() -> delivered(server, reported) == reported.size(), "every reported call delivered");
				return new Row("kill -9 loop (interval fsync)", this.config.kills, reported.size(), 2L * reported.size(),
						delivered(server, reported), missingParts(server, reported), server.duplicateCount(), 0, 0, 0,
						drainMillis);
			}
			finally {
				TempDirectories.delete(directory);
			}
		}
	}

	/**
	 * Children killed while four calls each are running; the process that adopts their logs
	 * ends those calls on their behalf (failed, "the process stopped"): a call still running on
	 * the server counts its missing end as lost.
	 */
	Row killWithCallsOpen() throws Exception {
		try (FakeWeaveServer server = FakeWeaveServer.builder().start()) {
			Path directory = TempDirectories.create("weave-faults-open");
			try {
				Set<String> traced = new HashSet<>();
				for (int run = 0; run < this.config.openKills; run++) {
					try (ChildJvm child = HarnessChild.start(directory, server.baseUrl(), server.apiKey(), "open",
							this.config.killAfterMin, "INTERVAL")) {
						awaitUntil(() -> child.values("open").size() == 4, "child opened 4 calls");
						child.kill();
						traced.addAll(child.values("traced"));
						traced.addAll(child.values("open"));
					}
				}
				ChildJvm drain = HarnessChild.start(directory, server.baseUrl(), server.apiKey(), "drain", 0,
						"INTERVAL");
				drain.awaitExit();
				long drainMillis = Long.parseLong(drain.value("drained"));
				long open = 4L * this.config.openKills;
				try {
					awaitUntil(() -> delivered(server, traced) == traced.size(), "every call ended");
				}
				catch (IllegalStateException ex) {
					// reported as lost below
				}
				return new Row("kill -9 with calls open", this.config.openKills, traced.size(),
						2L * traced.size() - open, delivered(server, traced), missingParts(server, traced),
						server.duplicateCount(), 0, 0, 0, drainMillis);
			}
			finally {
				TempDirectories.delete(directory);
			}
		}
	}

	/** The server answers 503 while calls are traced, then recovers. */
	Row outage() throws Exception {
		try (FakeWeaveServer server = FakeWeaveServer.builder().start()) {
			server.faults().failFor(Duration.ofHours(1), 503);
			return inProcess(server, "outage (503 while tracing)", WalFsyncPolicy.INTERVAL, 1L << 34, (client) -> {
				for (int i = 0; i < this.config.outageCalls; i++) {
					client.run("outage", Map.of("i", i, "payload", "p".repeat(500)), () -> {
					});
				}
				server.faults().clear();
			}, this.config.outageCalls);
		}
	}

	/** The server rejects some records for good (400); the rest must not wait for them. */
	Row poisonRecords() throws Exception {
		try (FakeWeaveServer server = FakeWeaveServer.builder().start()) {
			server.faults().rejectBodiesContaining("poison-pill", 400, "invalid record");
			int poison = this.config.poisonCalls;
			int healthy = this.config.poisonCalls * 20;
			return inProcess(server, "poison records (400)", WalFsyncPolicy.INTERVAL, 1L << 34, (client) -> {
				for (int i = 0; i < healthy + poison; i++) {
					boolean bad = i % 21 == 10;
					client.run(bad ? "poison" : "healthy", Map.of("i", i, "x", bad ? "poison-pill" : "fine"), () -> {
					});
				}
			}, healthy + poison);
		}
	}

	/**
	 * A log left by a process that could not send, then damaged: one record's bytes flipped in
	 * the middle of a segment, and a record cut short appended to its end.
	 */
	Row damagedFiles() throws Exception {
		try (FakeWeaveServer server = FakeWeaveServer.builder().start()) {
			Path directory = TempDirectories.create("weave-faults-damage");
			try {
				int calls = this.config.damageCalls;
				ChildJvm writer = HarnessChild.start(directory, server.baseUrl(), "-", "wal-only", calls, "NEVER");
				writer.awaitExit();
				Path segment = segments(directory).get(0);
				byte[] bytes = Files.readAllBytes(segment);
				int middle = bytes.length / 2;
				bytes[middle] = (byte) (bytes[middle] ^ 0x04);
				Files.write(segment, bytes);
				byte[] cut = Arrays.copyOf(bytes, 40);
				Files.write(segment, cut, StandardOpenOption.APPEND);
				long start = System.nanoTime();
				try (WeaveClient client = builder(server, directory, WalFsyncPolicy.INTERVAL, 1L << 34).build()) {
					awaitUntil(() -> HarnessChild.drain(client, WAIT), "backlog drained");
					long drainMillis = (System.nanoTime() - start) / 1_000_000;
					WeaveBacklog backlog = client.backlog();
					long accepted = 2L * calls + 2;
					long received = received(server);
					long quarantined = backlog.corrupt() + backlog.torn();
					// the torn tail was never a record; the corrupt one was
					long lost = Math.max(0, accepted - received - backlog.corrupt());
					client.finish(Duration.ofSeconds(10), FlushListener.silent());
					return new Row("torn and corrupted files", 1, calls, accepted, server.completeCalls().size(), lost,
							server.duplicateCount(), backlog.deadLettered(), 0, quarantined, drainMillis);
				}
			}
			finally {
				TempDirectories.delete(directory);
			}
		}
	}

	/** Two processes tracing and sending at once through one log directory. */
	Row twoProcessesOnOneDirectory() throws Exception {
		try (FakeWeaveServer server = FakeWeaveServer.builder().start()) {
			Path directory = TempDirectories.create("weave-faults-two");
			try {
				int calls = this.config.twoProcessCalls;
				long start = System.nanoTime();
				ChildJvm first = HarnessChild.start(directory, server.baseUrl(), server.apiKey(), "trace-close",
						calls, "INTERVAL");
				ChildJvm second = HarnessChild.start(directory, server.baseUrl(), server.apiKey(), "trace-close",
						calls, "INTERVAL");
				first.awaitExit();
				second.awaitExit();
				Set<String> reported = new HashSet<>(first.values("traced"));
				reported.addAll(second.values("traced"));
				awaitUntil(() -> delivered(server, reported) == reported.size(), "every call delivered");
				long millis = (System.nanoTime() - start) / 1_000_000;
				return new Row("two processes on one directory", 2, reported.size(), 2L * reported.size(),
						delivered(server, reported), missingParts(server, reported), server.duplicateCount(), 0, 0, 0,
						millis);
			}
			finally {
				TempDirectories.delete(directory);
			}
		}
	}

	/** A log bounded far below what an outage brings: the newest records are dropped and counted, none accepted is lost. */
	Row fullLog(WalFsyncPolicy policy) throws Exception {
		try (FakeWeaveServer server = FakeWeaveServer.builder().start()) {
			server.faults().failFor(Duration.ofHours(1), 503);
			return inProcess(server, "full log, " + policy.name().toLowerCase(Locale.ROOT) + " fsync", policy,
					this.config.fullLogBytes, (client) -> {
						for (int i = 0; i < this.config.fullLogCalls; i++) {
							client.run("flood", Map.of("i", i, "payload", "f".repeat(500)), () -> {
							});
						}
						server.faults().clear();
					}, this.config.fullLogCalls);
		}
	}

	private Row inProcess(FakeWeaveServer server, String scenario, WalFsyncPolicy policy, long maxBytes,
			TracingRun run, int calls) throws Exception {
		Path directory = TempDirectories.create("weave-faults");
		try (WeaveClient client = builder(server, directory, policy, maxBytes).build()) {
			run.trace(client);
			long start = System.nanoTime();
			FlushResult result = client.flush(WAIT);
			long drainMillis = (System.nanoTime() - start) / 1_000_000;
			if (!result.completed()) {
				throw new IllegalStateException(scenario + ": flush did not complete: " + result);
			}
			WeaveStats stats = client.stats();
			WeaveBacklog backlog = client.backlog();
			long accepted = stats.requestsEnqueued();
			long lost = Math.max(0, accepted - received(server) - backlog.deadLettered() - backlog.corrupt());
			client.finish(Duration.ofSeconds(10), FlushListener.silent());
			return new Row(scenario, 1, calls, accepted, server.completeCalls().size(), lost, server.duplicateCount(),
					backlog.deadLettered(), stats.requestsDropped(), backlog.corrupt() + backlog.torn(), drainMillis);
		}
		finally {
			TempDirectories.delete(directory);
		}
	}

	private static WeaveClientBuilder builder(FakeWeaveServer server, Path directory, WalFsyncPolicy policy,
			long maxBytes) {
		return WeaveClient.builder()
			.project(HarnessChild.PROJECT)
			.apiKey(server.apiKey())
			.baseUrl(server.baseUrl())
			.environment(WeaveEnvironment.of((name) -> null))
			.wal(true)
			.walDirectory(directory)
			.walFsync(policy)
			.walMaxBytes(maxBytes)
			.walSegmentBytes(Math.max(16 * 1024, maxBytes / 8))
			.batchInterval(Duration.ofMillis(20))
			.backoff(Duration.ofMillis(10), Duration.ofMillis(200))
			.closeTimeout(Duration.ZERO);
	}

	/** Call records and op publications the server holds, each counted once. */
	private static long received(FakeWeaveServer server) {
		long parts = 0;
		for (ReceivedCall call : server.calls()) {
			parts += (call.hasStart() ? 1 : 0) + (call.hasEnd() ? 1 : 0);
		}
		return parts + server.files().size() + server.objects().size();
	}

	private static long delivered(FakeWeaveServer server, Set<String> ids) {
		return ids.stream().filter((id) -> server.call(id).map(ReceivedCall::isComplete).orElse(false)).count();
	}

	/** Records of reported calls the server does not have. */
	private static long missingParts(FakeWeaveServer server, Set<String> ids) {
		long missing = 0;
		for (String id : ids) {
			ReceivedCall call = server.call(id).orElse(null);
			missing += (call == null) ? 2 : (call.hasStart() ? 0 : 1) + (call.hasEnd() ? 0 : 1);
		}
		return missing;
	}

	private static List<Path> segments(Path directory) throws IOException {
		try (Stream<Path> files = Files.walk(directory)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".wal"))
				.filter((file) -> !file.getFileName().toString().startsWith("quarantine"))
				.sorted()
				.toList();
		}
	}

	private static void awaitUntil(java.util.function.BooleanSupplier condition, String what) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException("Timed out waiting until " + what);
			}
			LockSupport.parkNanos(10_000_000);
		}
	}

	private void print(List<Row> rows) {
		String format = "%-32s %5s %8s %9s %9s %6s %10s %13s %8s %11s %9s%n";
		this.out.printf(format, "scenario", "runs", "traced", "records", "delivered", "lost", "duplicates",
				"dead-lettered", "dropped", "quarantined", "drain ms");
		for (Row row : rows) {
			this.out.printf(format, row.scenario(), row.runs(), row.traced(), row.records(), row.delivered(), row.lost(),
					row.duplicates(), row.deadLettered(), row.dropped(), row.quarantined(), row.drainMillis());
		}
		this.out.println("traced: calls traced; records: records the clients accepted into their logs; delivered: calls "
				+ "the server has whole; lost: accepted records neither delivered nor dead-lettered nor quarantined; "
				+ "drain ms: from the end of the fault until everything was delivered (two processes: the whole run)");
	}

	@FunctionalInterface
	private interface TracingRun {

		void trace(WeaveClient client) throws Exception;

	}

	/**
	 * One scenario's outcome.
	 *
	 * @param scenario what was done
	 * @param runs processes killed, or processes run
	 * @param traced calls traced
	 * @param records records accepted into the logs
	 * @param delivered calls the server has whole
	 * @param lost accepted records neither delivered, dead-lettered nor quarantined
	 * @param duplicates records the server received more than once
	 * @param deadLettered records given up on with a reason, in {@code deadletter.jsonl}
	 * @param dropped records refused because the log was full
	 * @param quarantined damaged lines set aside in {@code quarantine.wal}
	 * @param drainMillis how long sending what was held back took
	 */
	record Row(String scenario, int runs, long traced, long records, long delivered, long lost, long duplicates,
			long deadLettered, long dropped, long quarantined, long drainMillis) {
	}

	/** The sizes of a run. */
	record Config(int kills, int killAfterMin, int killAfterSpread, int outageCalls, int poisonCalls,
			int damageCalls, int twoProcessCalls, int fullLogCalls, long fullLogBytes, int openKills) {

		static final Config FULL = new Config(10, 100, 900, 20_000, 50, 2_000, 5_000, 2_000, 256 * 1024, 3);

		static final Config QUICK = new Config(2, 50, 150, 500, 2, 200, 300, 500, 64 * 1024, 1);

	}

}
