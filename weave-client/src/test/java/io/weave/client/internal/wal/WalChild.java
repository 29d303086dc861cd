package io.weave.client.internal.wal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

import io.weave.test.ChildJvm;

/**
 * A process that uses a write-ahead log, for tests that need a second JVM: it prints
 * {@code K <key>} for every record it appended (after {@code append} returned) or received.
 * <ul>
 * <li>{@code write <baseDir> <prefix>}: appends with fsync ALWAYS until killed;</li>
 * <li>{@code hold <baseDir> <prefix> <count> [maxTotalBytes]}: appends {@code count} records to
 * one segment without sending, prints {@code DONE} and keeps writing it (holds its writer lock)
 * until killed;</li>
 * <li>{@code send <baseDir>}: prints {@code READY}, then sends (polls and acknowledges) until its
 * standard input closes;</li>
 * <li>{@code probe <baseDir> <lockFile>}: prints {@code HELD} or {@code FREE}.</li>
 * <li>{@code replay <baseDir>}: prints {@code REPLAYING}, replays the dead letters into the log
 * with fsync ALWAYS without sending, then prints {@code REPLAYED <result>}.</li>
 * </ul>
 */
public final class WalChild {

	private WalChild() {
	}

	/** Starts a child in a JVM of its own, quick to start; its standard error goes to this JVM's. */
	static ChildJvm start(String... args) {
		return ChildJvm.start(WalChild.class, List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto"), Redirect.INHERIT,
				args);
	}

	public static void main(String[] args) throws Exception {
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
		PrintStream out = System.out;
		WalSettings settings = WalTestSupport.settings(Path.of(args[1])).withSegmentBytes(8 * 1024);
		switch (args[0]) {
			case "write" -> write(settings.withFsync(FsyncPolicy.ALWAYS), args[2], out);
			case "hold" -> hold(settings.withSending(false)
				.withSegmentBytes(1024 * 1024)
				.withMaxTotalBytes((args.length > 4) ? Long.parseLong(args[4]) : settings.maxTotalBytes()), args[2],
					Integer.parseInt(args[3]), out);
			case "send" -> send(settings, out);
			case "probe" -> out.println(SegmentClaim.isHeld(Path.of(args[2])) ? "HELD" : "FREE");
			case "replay" -> replay(settings.withSending(false).withFsync(FsyncPolicy.ALWAYS), out);
			default -> throw new IllegalArgumentException(args[0]);
		}
	}

	private static void write(WalSettings settings, String prefix, PrintStream out) throws IOException {
		Wal wal = Wal.open(settings);
		for (long i = 0;; i++) {
			String key = prefix + "-" + i;
			if (wal.writer().append(WalTestSupport.request(key)).isAppended()) {
				out.println("K " + key);
			}
		}
	}

	private static void hold(WalSettings settings, String prefix, int count, PrintStream out) throws IOException {
		Wal wal = Wal.open(settings);
		for (int i = 0; i < count; i++) {
			String key = prefix + "-" + i;
			if (wal.writer().append(WalTestSupport.request(key)).isAppended()) {
				out.println("K " + key);
			}
		}
		out.println("DONE");
		drain(System.in);
		wal.close();
	}

	private static void send(WalSettings settings, PrintStream out) throws Exception {
		AtomicBoolean stop = new AtomicBoolean();
		Thread stdin = new Thread(() -> {
			drain(System.in);
			stop.set(true);
		});
		stdin.setDaemon(true);
		stdin.start();
		try (Wal wal = Wal.open(settings)) {
			wal.reader().poll(1, 1, Duration.ZERO);
			out.println("READY");
			while (!stop.get()) {
				List<WalEntry> batch = wal.reader().poll(20, 1 << 20, Duration.ofMillis(50));
				for (WalEntry entry : batch) {
					out.println("K " + entry.request().key());
				}
				wal.ack(batch);
			}
		}
		out.println("CLOSED");
	}

	private static void replay(WalSettings settings, PrintStream out) throws IOException {
		try (Wal wal = Wal.open(settings)) {
			out.println("REPLAYING");
			out.println("REPLAYED " + wal.replayDeadLetters());
		}
	}

	private static void drain(InputStream in) {
		try {
			while (in.read() >= 0) {
				// until the parent closes it
			}
		}
		catch (IOException ex) {
			// parent gone
		}
	}

}
