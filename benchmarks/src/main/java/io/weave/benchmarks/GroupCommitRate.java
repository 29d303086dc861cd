package io.weave.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

import com.sun.management.OperatingSystemMXBean;

import io.weave.client.internal.wal.FsyncPolicy;
import io.weave.client.internal.wal.Wal;
import io.weave.client.internal.wire.WireRequest;

/**
 * {@link WalAppendBenchmark#walAlwaysGroupCommit} against its baseline
 * {@link WalAppendBenchmark#rawFsyncEvery64}, alternating in short slices in one process: the
 * appending threads pause while the baseline runs. On a shared machine the fsync latency changes
 * from one second to the next with the other processes' disk load; the two JMH benchmarks run
 * tens of seconds apart, these slices a few hundred milliseconds. Reports per round the ratio,
 * the records each fsync served and the process's CPU time per record while the log ran; at the
 * end the median ratio.
 * <p>
 * Arguments: {@code [rounds] [threads] [slices] [sliceMillis]}, default 5, 64, 8 and 300.
 */
public final class GroupCommitRate {

	private static final WireRequest REQUEST = WalLines.callStart();

	private static final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private GroupCommitRate() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 5;
		int threads = (args.length > 1) ? Integer.parseInt(args[1]) : 64;
		int slices = (args.length > 2) ? Integer.parseInt(args[2]) : 8;
		long sliceMillis = (args.length > 3) ? Long.parseLong(args[3]) : 300;
		double[] ratios = new double[rounds];
		for (int round = -1; round < rounds; round++) {
			Result result = round(threads, slices, sliceMillis);
			if (round >= 0) {
				ratios[round] = result.log / result.raw;
				System.out.printf(
						"round %d: log %.0f appends/s (%.1f records per fsync, %.1f µs CPU per record), "
								+ "raw %.0f appends/s, ratio %.2f%n",
						round + 1, result.log, result.recordsPerSync, result.cpuMicrosPerRecord, result.raw,
						ratios[round]);
			}
		}
		double[] sorted = ratios.clone();
		Arrays.sort(sorted);
		System.out.printf("always + group commit, %d threads, %d rounds: ratio %.2f (rounds %.2f-%.2f)%n", threads,
				rounds, sorted[rounds / 2], sorted[0], sorted[rounds - 1]);
	}

	private static Result round(int threads, int slices, long sliceMillis) throws Exception {
		Path directory = TempDirectories.create("weave-bench-commit");
		Appenders appenders = null;
		try (Wal wal = Wal.open(WalAppendBenchmark.settings(directory, FsyncPolicy.ALWAYS))) {
			appenders = new Appenders(wal, threads);
			Thread.sleep(sliceMillis);
			long records = 0;
			long syncs = 0;
			long cpu = 0;
			long logNanos = 0;
			long rawRecords = 0;
			long rawNanos = 0;
			for (int slice = 0; slice < slices; slice++) {
				long appended = appenders.appended.sum();
				long synced = wal.writer().syncCount();
				long cpuStart = os.getProcessCpuTime();
				long start = System.nanoTime();
				Thread.sleep(sliceMillis);
				appenders.pause();
				logNanos += System.nanoTime() - start;
				cpu += os.getProcessCpuTime() - cpuStart;
				records += appenders.appended.sum() - appended;
				syncs += wal.writer().syncCount() - synced;
				start = System.nanoTime();
				rawRecords += raw(sliceMillis);
				rawNanos += System.nanoTime() - start;
				appenders.resume();
			}
			return new Result(records * 1e9 / logNanos, rawRecords * 1e9 / rawNanos,
					(double) records / Math.max(1, syncs), cpu / 1e3 / Math.max(1, records));
		}
		finally {
			if (appenders != null) {
				appenders.stop();
			}
			TempDirectories.delete(directory);
		}
	}

	/** Appends with an fsync every 64 records for a slice; how many records. */
	private static long raw(long millis) throws IOException {
		WalAppendBenchmark.RawFileFsyncEvery64 appender = new WalAppendBenchmark.RawFileFsyncEvery64();
		appender.open();
		try {
			long records = 0;
			long end = System.nanoTime() + millis * 1_000_000;
			while (System.nanoTime() - end < 0) {
				appender.append();
				records++;
			}
			return records;
		}
		finally {
			appender.close();
		}
	}

	private record Result(double log, double raw, double recordsPerSync, double cpuMicrosPerRecord) {
	}

	/** Threads appending to the log in a loop, which can be paused between two appends. */
	private static final class Appenders {

		final LongAdder appended = new LongAdder();

		private final Thread[] threads;

		private int pausedThreads;

		private volatile boolean paused;

		private volatile boolean stopped;

		Appenders(Wal wal, int count) {
			this.threads = new Thread[count];
			for (int i = 0; i < count; i++) {
				this.threads[i] = new Thread(() -> {
					while (awaitTurn()) {
						wal.writer().append(REQUEST);
						this.appended.increment();
					}
				}, "appender-" + i);
				this.threads[i].start();
			}
		}

		/** Returns once every thread is between two appends. */
		synchronized void pause() throws InterruptedException {
			this.paused = true;
			while (this.pausedThreads < this.threads.length) {
				wait();
			}
		}

		synchronized void resume() {
			this.paused = false;
			notifyAll();
		}

		void stop() throws InterruptedException {
			synchronized (this) {
				this.stopped = true;
				notifyAll();
			}
			for (Thread thread : this.threads) {
				thread.join();
			}
		}

		/** Whether to append again; waits while paused (volatile reads only, unless paused). */
		private boolean awaitTurn() {
			if (!this.paused) {
				return !this.stopped;
			}
			return awaitResume();
		}

		private synchronized boolean awaitResume() {
			if (this.paused && !this.stopped) {
				this.pausedThreads++;
				notifyAll();
				while (this.paused && !this.stopped) {
					try {
						wait();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return false;
					}
				}
				this.pausedThreads--;
			}
			return !this.stopped;
		}

	}

}
