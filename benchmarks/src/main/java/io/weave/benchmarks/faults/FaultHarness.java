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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
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
 * records the server rejects for good, damaged log files, two processes on one directory, a
 * full log under each fsync policy; and the faults of the real world: a full disk, a rejected
 * key, an absurd {@code Retry-After}, bursts under {@code fsync=always}, crashed wal-only
 * writers under a small size bound, and a crash with calls open.
 * <p>
 * A record is <em>lost</em> when the client accepted it (appended it to the log) and it neither
 * reached the server nor was dead-lettered or quarantined with a reason. Calls count as
 * delivered once the server has both their start and end. Every traced call is wrapped as an
 * application would be: whatever tracing throws into it is counted, and so is a call that does
 * not return. The harness exits with status 1 if any scenario lost a record, let an exception
 * or a hang reach the application, or broke a promise of its own (listed under the table).
 * <p>
 * Arguments: {@code [quick|full] [scenario…]}: {@code quick} runs a short configuration (the
 * one the build runs), {@code full} (the default) the one in BENCHMARKS.md; scenarios (all by
 * default): {@code kill}, {@code outage}, {@code poison}, {@code damage}, {@code two},
 * {@code full-log}, {@code disk-full}, {@code unauthorized}, {@code retry-after},
 * {@code bursts}, {@code crash-loop}, {@code open-calls}. The disk-full scenario mounts a
 * tmpfs and needs root; without, it is skipped with a line saying why.
 */
public final class FaultHarness {

	/** The scenarios that came before the faults of issue 10. */
	static final List<String> LOG_FAULTS = List.of("kill", "outage", "poison", "damage", "two", "full-log");

	/** The faults of the real world (issue 10). */
	static final List<String> WORLD_FAULTS = List.of("disk-full", "unauthorized", "retry-after", "bursts",
			"crash-loop", "open-calls");

	private static final Duration WAIT = Duration.ofSeconds(120);

	/** A {@code Retry-After} no server means: over three thousand years. */
	private static final Duration ABSURD_RETRY_AFTER = Duration.ofSeconds(99_999_999_999L);

	/**
	 * A burst's call that has not returned after this long is hung: a thousand times an fsync of
	 * a loaded disk here, and shorter than the long idle gaps between some bursts.
	 */
	private static final Duration BURST_HANG_BOUND = Duration.ofSeconds(2);

	private final Config config;

	private final PrintStream out;

	private final Random random = new Random(42);

	private final List<String> skipped = new ArrayList<>();

	FaultHarness(Config config, PrintStream out) {
		this.config = config;
		this.out = out;
	}

	public static void main(String[] args) throws Exception {
		List<String> names = new ArrayList<>(List.of(args));
		Config config = Config.FULL;
		if (!names.isEmpty() && (names.get(0).equals("quick") || names.get(0).equals("full"))) {
			config = names.remove(0).equals("quick") ? Config.QUICK : Config.FULL;
		}
		// interrupted (^C), it leaves no child behind
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly)));
		List<Row> rows = new FaultHarness(config, System.out).run(names.isEmpty() ? all() : names);
		System.exit(rows.stream().allMatch(Row::keptPromises) ? 0 : 1);
	}

	static List<String> all() {
		List<String> all = new ArrayList<>(LOG_FAULTS);
		all.addAll(WORLD_FAULTS);
		return all;
	}

	/** Runs every scenario and prints the table; returns its rows. */
	List<Row> run() throws Exception {
		return run(all());
	}

	/** Runs the named scenarios, in the order given, and prints the table; returns its rows. */
	List<Row> run(List<String> names) throws Exception {
		Map<String, Scenario> scenarios = scenarios();
		for (String name : names) {
			if (!scenarios.containsKey(name)) {
				throw new IllegalArgumentException("No scenario '" + name + "'; the scenarios: " + scenarios.keySet());
			}
		}
		List<Row> rows = new ArrayList<>();
		for (String name : names) {
			rows.addAll(scenarios.get(name).run());
		}
		print(rows);
		return rows;
	}

	private Map<String, Scenario> scenarios() {
		Map<String, Scenario> scenarios = new LinkedHashMap<>();
		scenarios.put("kill", () -> List.of(killLoop()));
		scenarios.put("outage", () -> List.of(outage()));
		scenarios.put("poison", () -> List.of(poisonRecords()));
		scenarios.put("damage", () -> List.of(damagedFiles()));
		scenarios.put("two", () -> List.of(twoProcessesOnOneDirectory()));
		scenarios.put("full-log", () -> {
			List<Row> rows = new ArrayList<>();
			for (WalFsyncPolicy policy : WalFsyncPolicy.values()) {
				rows.add(fullLog(policy));
			}
			return rows;
		});
		scenarios.put("disk-full", this::diskFull);
		scenarios.put("unauthorized", () -> List.of(unauthorizedThenKeyFixed()));
		scenarios.put("retry-after", () -> List.of(absurdRetryAfter()));
		scenarios.put("bursts", () -> List.of(burstsUnderFsyncAlways()));
		scenarios.put("crash-loop", () -> List.of(walOnlyCrashLoop()));
		scenarios.put("open-calls", () -> List.of(crashWithCallsOpen()));
		return scenarios;
	}

	/** Children tracing with the default fsync policy, killed at random points; a later process sends it all. */
	Row killLoop() throws Exception {
		try (FakeWeaveServer server = FakeWeaveServer.builder().start()) {
			Path directory = TempDirectories.create("weave-faults-kill");
			try {
				Set<String> reported = new HashSet<>();
				Seen seen = new Seen();
				for (int run = 0; run < this.config.kills; run++) {
					int killAfter = this.config.killAfterMin + this.random.nextInt(this.config.killAfterSpread);
					try (ChildJvm child = HarnessChild.start(directory, server.baseUrl(), server.apiKey(), "trace", 0,
							"INTERVAL")) {
						awaitUntil(() -> child.values("traced").size() >= killAfter,
								"child traced " + killAfter + " calls");
						child.kill();
						reported.addAll(child.values("traced"));
						seen.add(child);
					}
				}
				ChildJvm drain = HarnessChild.start(directory, server.baseUrl(), server.apiKey(), "drain", 0,
						"INTERVAL");
				drain.awaitExit();
				long drainMillis = Long.parseLong(drain.value("drained"));
				awaitUntil(() -> delivered(server, reported) == reported.size(), "every reported call delivered");
				return new Row("kill -9 loop (interval fsync)", this.config.kills, reported.size(), 2L * reported.size(),
						delivered(server, reported), missingParts(server, reported), server.duplicateCount(), 0, 0, 0,
						seen.exceptions, seen.hung, drainMillis, null);
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
			return inProcess(server, "outage (503 while tracing)", WalFsyncPolicy.INTERVAL, 1L << 34, WAIT, (app) -> {
				for (int i = 0; i < this.config.outageCalls; i++) {
					app.call("outage", Map.of("i", i, "payload", "p".repeat(500)));
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
			return inProcess(server, "poison records (400)", WalFsyncPolicy.INTERVAL, 1L << 34, WAIT, (app) -> {
				for (int i = 0; i < healthy + poison; i++) {
					boolean bad = i % 21 == 10;
					app.call(bad ? "poison" : "healthy", Map.of("i", i, "x", bad ? "poison-pill" : "fine"));
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
					Seen seen = new Seen().add(writer);
					return new Row("torn and corrupted files", 1, calls, accepted, server.completeCalls().size(), lost,
							server.duplicateCount(), backlog.deadLettered(), 0, quarantined, seen.exceptions, seen.hung,
							drainMillis, null);
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
				Seen seen = new Seen().add(first).add(second);
				return new Row("two processes on one directory", 2, reported.size(), 2L * reported.size(),
						delivered(server, reported), missingParts(server, reported), server.duplicateCount(), 0, 0, 0,
						seen.exceptions, seen.hung, millis, null);
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
					this.config.fullLogBytes, WAIT, (app) -> {
						for (int i = 0; i < this.config.fullLogCalls; i++) {
							app.call("flood", Map.of("i", i, "payload", "f".repeat(500)));
						}
						server.faults().clear();
					}, this.config.fullLogCalls);
		}
	}

	/**
	 * The log on a 4 MiB tmpfs, half of it taken by another file, and no API key (wal-only,
	 * as an application started without one): the disk fills up while calls are traced; then the
	 * other file is deleted and more calls are traced, which must be written again; then a start
	 * with a key sends the log. Records refused for want of space are dropped and counted.
	 */
	List<Row> diskFull() throws Exception {
		String scenario = "disk full (4 MiB tmpfs)";
		Path directory = TempDirectories.create("weave-faults-disk");
		try (FakeWeaveServer server = FakeWeaveServer.builder().start()) {
			Tmpfs tmpfs;
			try {
				tmpfs = Tmpfs.mount(directory, "4m");
			}
			catch (IOException ex) {
				this.skipped.add(scenario + ": skipped, no tmpfs could be mounted: " + ex.getMessage());
				return List.of();
			}
			try (tmpfs) {
				Path ballast = Files.write(directory.resolve("ballast"), new byte[2 * 1024 * 1024]);
				Path wal = directory.resolve("wal");
				Problems problems = new Problems();
				ChildJvm writer = HarnessChild.start(wal, server.baseUrl(), "-", "phases", this.config.diskFullCalls,
						"INTERVAL", "payload=400", "then=" + this.config.diskFullCallsAfter);
				if (!awaitLine(writer, "paused", this.config.faultWait)) {
					problems.add("the writer did not get through the full disk in " + this.config.faultWait.toSeconds()
							+ " s" + (isAlive(writer) ? " (killed)" : " (it died)"));
				}
				else {
					long droppedWhileFull = lastNumber(writer, "dropped");
					Files.delete(ballast);
					writer.closeInput();
					if (!awaitLine(writer, "closed", this.config.faultWait)) {
						problems.add("the writer did not finish after space was freed");
					}
					long droppedAfter = lastNumber(writer, "dropped") - droppedWhileFull;
					problems.expect(droppedAfter <= 0,
							droppedAfter + " records dropped after space was freed: writing did not resume");
				}
				writer.close();
				writer.awaitExit();
				Seen seen = new Seen().add(writer);
				Set<String> reported = new HashSet<>(writer.values("traced"));
				long enqueued = lastNumber(writer, "enqueued");
				long dropped = Math.max(0, lastNumber(writer, "dropped"));
				long start = System.nanoTime();
				ChildJvm sender = HarnessChild.start(wal, server.baseUrl(), server.apiKey(), "send", 0, "INTERVAL");
				boolean drained = waitUntil(() -> (enqueued >= 0) ? received(server) >= enqueued
						: missingParts(server, reported) <= dropped, this.config.faultWait);
				long drainMillis = drained ? (System.nanoTime() - start) / 1_000_000 : -1;
				problems.expect(drained, "the log was not sent within " + this.config.faultWait.toSeconds() + " s");
				long deadLettered = stop(sender, "dead-lettered");
				long lost = (enqueued >= 0) ? Math.max(0, enqueued - received(server) - deadLettered)
						: Math.max(0, missingParts(server, reported) - dropped - deadLettered);
				problems.expect(enqueued >= 0, "the writer died before it could report what it accepted");
				return List.of(new Row(scenario, 1, reported.size(), Math.max(enqueued, 0),
						delivered(server, reported), lost, server.duplicateCount(), deadLettered, dropped, 0,
						seen.exceptions, seen.hung, drainMillis, problems.text()));
			}
		}
		finally {
			TempDirectories.delete(directory);
		}
	}

	/**
	 * The server refuses the key (401) while calls are traced and for a while after: a wrong
	 * or rotated key. Then it accepts again: everything is delivered, nothing dead-lettered.
	 */
	Row unauthorizedThenKeyFixed() throws Exception {
		try (FakeWeaveServer server = FakeWeaveServer.builder().start()) {
			server.faults().failFor(Duration.ofHours(1), 401);
			int calls = this.config.unauthorizedCalls;
			Row row = inProcess(server, "401 until the key is fixed", WalFsyncPolicy.INTERVAL, 1L << 34,
					this.config.faultWait, (app) -> {
						for (int i = 0; i < calls; i++) {
							app.call("unauthorized", Map.of("i", i, "payload", "u".repeat(200)));
						}
						// the client has tried and been refused a few times before the key is fixed
						waitUntil(() -> server.faults().faultedCount() >= 5, Duration.ofSeconds(10));
						server.faults().clear();
					}, calls);
			return row.expect(row.deadLettered() == 0, row.deadLettered() + " records dead-lettered for the key's fault")
				.expect(row.delivered() == calls, (calls - row.delivered()) + " of " + calls + " calls not delivered");
		}
	}

	/** Some answers are 429 with {@code Retry-After: 99999999999}: delivery must still complete. */
	Row absurdRetryAfter() throws Exception {
		try (FakeWeaveServer server = FakeWeaveServer.builder().start()) {
			int calls = this.config.retryAfterCalls;
			server.faults().rateLimitNext(1, ABSURD_RETRY_AFTER);
			Row row = inProcess(server, "Retry-After: 99999999999", WalFsyncPolicy.INTERVAL, 1L << 34,
					this.config.faultWait, (app) -> {
						for (int i = 0; i < calls; i++) {
							if (i % (calls / 4) == 0) {
								server.faults().rateLimitNext(1, ABSURD_RETRY_AFTER);
							}
							app.call("patient", Map.of("i", i));
						}
					}, calls);
			return row.expect(row.delivered() == calls, (calls - row.delivered()) + " of " + calls + " calls not delivered");
		}
	}

	/**
	 * Many threads tracing under {@code fsync=always} in bursts that start at the same moment on
	 * every thread, idle between them, every fifth gap longer than the hang bound: every call
	 * must return (a lost wake-up leaves an appender parked with no fsync to come until the next
	 * burst).
	 */
	Row burstsUnderFsyncAlways() throws Exception {
		try (FakeWeaveServer server = FakeWeaveServer.builder().start()) {
			Path directory = TempDirectories.create("weave-faults-bursts");
			try {
				Problems problems = new Problems();
				long start = System.nanoTime();
				ChildJvm child = HarnessChild.start(directory, server.baseUrl(), server.apiKey(), "bursts",
						this.config.burstCalls, "ALWAYS", "threads=" + this.config.burstThreads,
						"bursts=" + this.config.bursts, "gap=" + this.config.burstGapMillis, "longGapEvery=5",
						"longGap=" + BURST_HANG_BOUND.plusSeconds(1).toMillis(), "hang=" + BURST_HANG_BOUND.toMillis());
				Duration bound = this.config.faultWait.plusSeconds(30);
				awaitLine(child, "finished", bound);
				problems.expect(!child.hasPrinted("gave-up"), "threads stuck in traced calls: the child gave up on them");
				problems.expect(child.hasPrinted("finished true") || child.hasPrinted("gave-up"),
						"the child did not finish: " + (isAlive(child) ? "killed" : "it died"));
				child.close();
				child.awaitExit();
				Seen seen = new Seen().add(child);
				Set<String> reported = new HashSet<>(child.values("traced"));
				long drainMillis = deliverRest(server, directory, reported);
				long millis = (drainMillis >= 0) ? (System.nanoTime() - start) / 1_000_000 : -1;
				return new Row("bursts, always fsync, idle gaps", 1, reported.size(), 2L * reported.size(),
						delivered(server, reported), missingParts(server, reported), server.duplicateCount(), 0,
						Math.max(0, lastNumber(child, "dropped")), 0, seen.exceptions, seen.hung, millis,
						problems.text());
			}
			finally {
				TempDirectories.delete(directory);
			}
		}
	}

	/**
	 * Wal-only children (no key) under a small {@code max-bytes} killed one after the other,
	 * each leaving a segment of full capacity behind; then a start with a key, tracing too.
	 * Nothing may be dropped (the log holds a few hundred KiB) and everything is delivered.
	 */
	Row walOnlyCrashLoop() throws Exception {
		try (FakeWeaveServer server = FakeWeaveServer.builder().start()) {
			Path directory = TempDirectories.create("weave-faults-crash-loop");
			try {
				String[] bound = { "maxBytes=" + this.config.crashLoopMaxBytes,
						"segmentBytes=" + this.config.crashLoopSegmentBytes };
				Problems problems = new Problems();
				Set<String> reported = new HashSet<>();
				Seen seen = new Seen();
				long dropped = 0;
				for (int run = 0; run < this.config.crashLoopKills; run++) {
					try (ChildJvm child = HarnessChild.start(directory, server.baseUrl(), "-", "hold",
							this.config.crashLoopCalls, "INTERVAL", bound)) {
						if (!awaitLine(child, "held", this.config.faultWait)) {
							problems.add("a wal-only child did not finish tracing");
						}
						child.kill();
						reported.addAll(child.values("traced"));
						dropped += Math.max(0, lastNumber(child, "dropped"));
						seen.add(child);
					}
				}
				long start = System.nanoTime();
				ChildJvm sender = HarnessChild.start(directory, server.baseUrl(), server.apiKey(), "send",
						this.config.crashLoopCalls, "INTERVAL", bound);
				awaitLine(sender, "sending", this.config.faultWait);
				reported.addAll(sender.values("traced"));
				long droppedBefore = dropped;
				// calls whose records were dropped cannot arrive whole; the rest must
				boolean drained = waitUntil(
						() -> missingParts(server, reported) <= droppedBefore + Math.max(0, lastNumber(sender, "dropped")),
						this.config.faultWait);
				long drainMillis = drained ? (System.nanoTime() - start) / 1_000_000 : -1;
				long deadLettered = stop(sender, "dead-lettered");
				dropped += Math.max(0, lastNumber(sender, "dropped"));
				seen.add(sender);
				problems.expect(dropped == 0, dropped + " records dropped with the log nearly empty");
				return new Row("wal-only kill -9 loop, small max-bytes", this.config.crashLoopKills, reported.size(),
						2L * reported.size() - dropped, delivered(server, reported),
						Math.max(0, missingParts(server, reported) - dropped - deadLettered), server.duplicateCount(),
						deadLettered, dropped, 0, seen.exceptions, seen.hung, drainMillis, problems.text());
			}
			finally {
				TempDirectories.delete(directory);
			}
		}
	}

	/**
	 * Children with request loops whose calls are in flight most of the time, killed with
	 * {@code kill -9}; then a start that sends. Every call that started reaches the server,
	 * ended: those the kill interrupted with an exception that says so.
	 */
	Row crashWithCallsOpen() throws Exception {
		try (FakeWeaveServer server = FakeWeaveServer.builder().start()) {
			Path directory = TempDirectories.create("weave-faults-open");
			try {
				Problems problems = new Problems();
				Set<String> started = new HashSet<>();
				Set<String> returning = new HashSet<>();
				Seen seen = new Seen();
				for (int run = 0; run < this.config.openCallKills; run++) {
					int killAfter = this.config.openKillAfterMin + this.random.nextInt(this.config.openKillAfterSpread);
					try (ChildJvm child = HarnessChild.start(directory, server.baseUrl(), server.apiKey(), "open-calls",
							0, "INTERVAL", "threads=4")) {
						waitUntil(() -> child.values("started").size() >= killAfter, this.config.faultWait);
						child.kill();
						started.addAll(child.values("started"));
						returning.addAll(child.values("returning"));
						seen.add(child);
					}
				}
				long start = System.nanoTime();
				ChildJvm sender = HarnessChild.start(directory, server.baseUrl(), server.apiKey(), "send", 0,
						"INTERVAL");
				boolean drained = waitUntil(() -> delivered(server, started) == started.size(), this.config.faultWait);
				long drainMillis = drained ? (System.nanoTime() - start) / 1_000_000 : -1;
				long deadLettered = stop(sender, "dead-lettered");
				seen.add(sender);
				// in their method when killed: these cannot have ended normally
				Set<String> interrupted = new HashSet<>(started);
				interrupted.removeAll(returning);
				long arrived = interrupted.stream().filter((id) -> server.call(id).isPresent()).count();
				long ended = interrupted.stream()
					.filter((id) -> server.call(id).map(ReceivedCall::isComplete).orElse(false))
					.count();
				long failed = interrupted.stream()
					.filter((id) -> server.call(id).map((call) -> call.hasEnd() && call.exception() != null).orElse(false))
					.count();
				problems.expect(ended == interrupted.size() && failed == interrupted.size(),
						interrupted.size() + " calls inside their method at the kills: " + arrived
								+ " reached the server, " + ended + " ended, " + failed + " with an exception");
				return new Row("kill -9 with calls open", this.config.openCallKills, started.size(),
						2L * started.size(), delivered(server, started),
						Math.max(0, missingParts(server, started) - deadLettered), server.duplicateCount(), deadLettered,
						0, 0, seen.exceptions, seen.hung, drainMillis, problems.text());
			}
			finally {
				TempDirectories.delete(directory);
			}
		}
	}

	/**
	 * Waits until every reported call is delivered; if the process that traced them could not
	 * send them all, a new one sends what its log holds.
	 * @return how long it took, or -1 if it did not happen in time
	 */
	private long deliverRest(FakeWeaveServer server, Path directory, Set<String> reported) throws Exception {
		long start = System.nanoTime();
		if (!waitUntil(() -> delivered(server, reported) == reported.size(), Duration.ofSeconds(5))) {
			ChildJvm sender = HarnessChild.start(directory, server.baseUrl(), server.apiKey(), "send", 0, "INTERVAL");
			boolean drained = waitUntil(() -> delivered(server, reported) == reported.size(), this.config.faultWait);
			stop(sender, "dead-lettered");
			if (!drained) {
				return -1;
			}
		}
		return (System.nanoTime() - start) / 1_000_000;
	}

	/** Lets a {@code send} child finish; returns the last value it printed for a counter. */
	private static long stop(ChildJvm sender, String counter) throws Exception {
		sender.closeInput();
		if (!awaitLine(sender, "finished", Duration.ofSeconds(60))) {
			sender.close();
		}
		sender.awaitExit();
		return Math.max(0, lastNumber(sender, counter));
	}

	private Row inProcess(FakeWeaveServer server, String scenario, WalFsyncPolicy policy, long maxBytes,
			Duration wait, TracingRun run, int calls) throws Exception {
		Path directory = TempDirectories.create("weave-faults");
		try (WeaveClient client = builder(server, directory, policy, maxBytes).build()) {
			Application app = new Application(client);
			run.trace(app);
			long start = System.nanoTime();
			FlushResult result = client.flush(wait);
			long drainMillis = result.completed() ? (System.nanoTime() - start) / 1_000_000 : -1;
			WeaveStats stats = client.stats();
			WeaveBacklog backlog = client.backlog();
			long accepted = stats.requestsEnqueued();
			long lost = Math.max(0, accepted - received(server) - backlog.deadLettered() - backlog.corrupt());
			client.finish(Duration.ofSeconds(10), FlushListener.silent());
			return new Row(scenario, 1, calls, accepted, server.completeCalls().size(), lost, server.duplicateCount(),
					backlog.deadLettered(), stats.requestsDropped(), backlog.corrupt() + backlog.torn(),
					app.exceptions.get(), 0, drainMillis,
					result.completed() ? null : "flush did not complete within " + wait.toSeconds() + " s");
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

	/** The last number a child printed as {@code <name> <number>}, or -1 if none. */
	private static long lastNumber(ChildJvm child, String name) {
		List<String> values = child.values(name);
		return values.isEmpty() ? -1 : Long.parseLong(values.get(values.size() - 1));
	}

	/** Waits until a child prints a line starting with {@code first}; false if it did not in time or died. */
	private static boolean awaitLine(ChildJvm child, String first, Duration bound) {
		BooleanSupplier printed = () -> child.lines().stream().anyMatch((line) -> line.startsWith(first));
		waitUntil(() -> printed.getAsBoolean() || !isAlive(child), bound);
		return printed.getAsBoolean();
	}

	private static boolean isAlive(ChildJvm child) {
		return ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive).orElse(false);
	}

	private static boolean waitUntil(BooleanSupplier condition, Duration bound) {
		long deadline = System.nanoTime() + bound.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				return false;
			}
			LockSupport.parkNanos(10_000_000);
		}
		return true;
	}

	private static void awaitUntil(BooleanSupplier condition, String what) {
		if (!waitUntil(condition, WAIT)) {
			throw new IllegalStateException("Timed out waiting until " + what);
		}
	}

	private void print(List<Row> rows) {
		String format = "%-38s %5s %8s %9s %9s %6s %10s %13s %8s %11s %10s %5s %9s%n";
		this.out.printf(format, "scenario", "runs", "traced", "records", "delivered", "lost", "duplicates",
				"dead-lettered", "dropped", "quarantined", "exceptions", "hung", "drain ms");
		for (Row row : rows) {
			this.out.printf(format, row.scenario(), row.runs(), row.traced(), row.records(), row.delivered(), row.lost(),
					row.duplicates(), row.deadLettered(), row.dropped(), row.quarantined(), row.exceptions(),
					row.hung(), row.drainMillis());
		}
		this.out.println("traced: calls traced (started, for calls open at a kill); records: records the clients "
				+ "accepted into their logs; delivered: calls the server has whole; lost: accepted records neither "
				+ "delivered nor dead-lettered nor quarantined; exceptions: thrown into the traced methods; hung: calls "
				+ "that did not return within 10 s (bursts: 2 s); drain ms: from the end of the fault until everything was "
				+ "delivered (two processes, bursts: the whole run; -1: not within the bound)");
		for (String line : this.skipped) {
			this.out.println(line);
		}
		for (Row row : rows) {
			if (!row.keptPromises()) {
				this.out.println("BROKEN " + row.scenario() + ": " + row.brokenPromises());
			}
		}
	}

	@FunctionalInterface
	private interface Scenario {

		List<Row> run() throws Exception;

	}

	@FunctionalInterface
	private interface TracingRun {

		void trace(Application app) throws Exception;

	}

	/** The application of an in-process scenario: it counts whatever tracing throws into it. */
	private static final class Application {

		private final WeaveClient client;

		private final AtomicLong exceptions = new AtomicLong();

		Application(WeaveClient client) {
			this.client = client;
		}

		void call(String opName, Map<String, ?> inputs) {
			try {
				this.client.run(opName, inputs, () -> {
				});
			}
			catch (Throwable ex) {
				this.exceptions.incrementAndGet();
			}
		}

	}

	/** What the application in child processes saw. */
	private static final class Seen {

		private long exceptions;

		private long hung;

		Seen add(ChildJvm child) {
			this.exceptions += child.values("exception").size();
			this.hung += child.values("hung").size();
			return this;
		}

	}

	/** A scenario's own promises it saw broken. */
	private static final class Problems {

		private final List<String> broken = new ArrayList<>();

		void add(String problem) {
			this.broken.add(problem);
		}

		void expect(boolean kept, String problem) {
			if (!kept) {
				add(problem);
			}
		}

		String text() {
			return this.broken.isEmpty() ? null : String.join("; ", this.broken);
		}

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
	 * @param exceptions exceptions and errors thrown into traced methods
	 * @param hung traced calls that did not return within the bound
	 * @param drainMillis how long sending what was held back took, -1 if it did not end in time
	 * @param problem the scenario's own promises it saw broken, or {@code null}
	 */
	record Row(String scenario, int runs, long traced, long records, long delivered, long lost, long duplicates,
			long deadLettered, long dropped, long quarantined, long exceptions, long hung, long drainMillis,
			String problem) {

		Row expect(boolean kept, String promise) {
			if (kept) {
				return this;
			}
			String problem = (this.problem != null) ? this.problem + "; " + promise : promise;
			return new Row(this.scenario, this.runs, this.traced, this.records, this.delivered, this.lost,
					this.duplicates, this.deadLettered, this.dropped, this.quarantined, this.exceptions, this.hung,
					this.drainMillis, problem);
		}

		boolean keptPromises() {
			return brokenPromises().isEmpty();
		}

		/** What went wrong, empty if nothing. */
		String brokenPromises() {
			List<String> broken = new ArrayList<>();
			if (this.lost > 0) {
				broken.add(this.lost + " accepted records lost");
			}
			if (this.exceptions > 0) {
				broken.add(this.exceptions + " exceptions thrown into the application");
			}
			if (this.hung > 0) {
				broken.add(this.hung + " calls hung");
			}
			if (this.problem != null) {
				broken.add(this.problem);
			}
			return String.join("; ", broken);
		}

	}

	/** The sizes of a run. */
	record Config(int kills, int killAfterMin, int killAfterSpread, int outageCalls, int poisonCalls,
			int damageCalls, int twoProcessCalls, int fullLogCalls, long fullLogBytes, Duration faultWait,
			int diskFullCalls, int diskFullCallsAfter, int unauthorizedCalls, int retryAfterCalls, int burstThreads,
			int bursts, int burstCalls, int burstGapMillis, int crashLoopKills, int crashLoopCalls,
			long crashLoopMaxBytes, long crashLoopSegmentBytes, int openCallKills, int openKillAfterMin,
			int openKillAfterSpread) {

		static final Config FULL = new Config(10, 100, 900, 20_000, 50, 2_000, 5_000, 2_000, 256 * 1024,
				Duration.ofSeconds(60), 8_000, 500, 2_000, 2_000, 64, 30, 10, 50, 6, 500, 4L << 20, 1L << 20, 5, 20,
				100);

		static final Config QUICK = new Config(2, 50, 150, 500, 2, 200, 300, 500, 64 * 1024, Duration.ofSeconds(20),
				5_000, 300, 300, 300, 16, 8, 5, 40, 4, 100, 3L << 20, 1L << 20, 2, 10, 30);

	}

}
