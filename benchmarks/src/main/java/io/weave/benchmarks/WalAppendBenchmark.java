package io.weave.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.weave.client.internal.wal.AppendResult;
import io.weave.client.internal.wal.FsyncPolicy;
import io.weave.client.internal.wal.Wal;
import io.weave.client.internal.wal.WalSettings;
import io.weave.client.internal.wire.WireRequest;

/**
 * Appends per second to the write-ahead log under each fsync policy, against appending the very
 * same line bytes to a file with a plain {@link FileChannel} write under the same policy:
 * {@code NEVER} no fsync, {@code INTERVAL} an fsync every 64 records (the log's default
 * threshold; the log does it on its own thread), {@code ALWAYS} an fsync after every record.
 * <p>
 * {@code ALWAYS} appenders each wait for their fsync, so one thread gets one fsync per record
 * from the log too; {@link #walAlwaysGroupCommit} runs 64 appending threads, whose waits the log
 * serves with one fsync per wave (group commit), against the raw append with an fsync every 64
 * records.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class WalAppendBenchmark {

	private static final WireRequest REQUEST = WalLines.callStart();

	private static final byte[] LINE = WalLines.line(REQUEST);

	/** A log of one iteration, in a fresh directory, under the policy of {@link #fsync()}. */
	public abstract static class LogState {

		private Path directory;

		private Wal wal;

		abstract FsyncPolicy fsync();

		@Setup(Level.Iteration)
		public void open() throws IOException {
			this.directory = TempDirectories.create("weave-bench-append");
			this.wal = Wal.open(settings(this.directory, fsync()));
		}

		@TearDown(Level.Iteration)
		public void close() {
			this.wal.close();
			TempDirectories.delete(this.directory);
		}

		AppendResult append() {
			return this.wal.writer().append(REQUEST);
		}

	}

	/** The log under each policy. */
	@State(Scope.Benchmark)
	public static class Log extends LogState {

		@Param({ "NEVER", "INTERVAL", "ALWAYS" })
		public FsyncPolicy fsync;

		@Override
		FsyncPolicy fsync() {
			return this.fsync;
		}

	}

	/** The group-commit log: always fsync, shared by many appending threads. */
	@State(Scope.Benchmark)
	public static class GroupCommitLog extends LogState {

		@Override
		FsyncPolicy fsync() {
			return FsyncPolicy.ALWAYS;
		}

	}

	/**
	 * A plain file of one iteration in a fresh directory, appended to with one write call per
	 * record and an fsync every {@link #fsyncEvery()} records (never if 0).
	 */
	public abstract static class RawFileState {

		private final ByteBuffer line = ByteBuffer.wrap(LINE);

		private Path directory;

		private FileChannel channel;

		private long records;

		abstract int fsyncEvery();

		@Setup(Level.Iteration)
		public void open() throws IOException {
			this.directory = TempDirectories.create("weave-bench-raw");
			this.channel = FileChannel.open(this.directory.resolve("raw.wal"), StandardOpenOption.CREATE_NEW,
					StandardOpenOption.WRITE);
		}

		@TearDown(Level.Iteration)
		public void close() throws IOException {
			this.channel.close();
			TempDirectories.delete(this.directory);
		}

		int append() throws IOException {
			this.line.clear();
			int written = this.channel.write(this.line);
			int fsyncEvery = fsyncEvery();
			if (fsyncEvery > 0 && ++this.records % fsyncEvery == 0) {
				this.channel.force(false);
			}
			return written;
		}

	}

	/** The plain file under each policy. */
	@State(Scope.Thread)
	public static class RawFile extends RawFileState {

		@Param({ "NEVER", "INTERVAL", "ALWAYS" })
		public FsyncPolicy fsync;

		@Override
		int fsyncEvery() {
			return switch (this.fsync) {
				case NEVER -> 0;
				case INTERVAL -> 64;
				case ALWAYS -> 1;
			};
		}

	}

	/** The group-commit baseline's file: one thread, an fsync every 64 records. */
	@State(Scope.Thread)
	public static class RawFileFsyncEvery64 extends RawFileState {

		@Override
		int fsyncEvery() {
			return 64;
		}

	}

	@Benchmark
	public AppendResult wal(Log log) {
		return log.append();
	}

	@Benchmark
	public int raw(RawFile file) throws IOException {
		return file.append();
	}

	@Benchmark
	@Threads(64)
	public AppendResult walAlwaysGroupCommit(GroupCommitLog log) {
		return log.append();
	}

	/** The group-commit baseline: one thread, an fsync every 64 records. */
	@Benchmark
	public int rawFsyncEvery64(RawFileFsyncEvery64 file) throws IOException {
		return file.append();
	}

	static WalSettings settings(Path directory, FsyncPolicy fsync) {
		return WalSettings.of(directory, "bench/wal")
			.withSending(false)
			.withFsync(fsync)
			.withMaxTotalBytes(64L * 1024 * 1024 * 1024);
	}

}
