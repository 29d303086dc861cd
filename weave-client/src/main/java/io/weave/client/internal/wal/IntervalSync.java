package io.weave.client.internal.wal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The background fsync of {@link FsyncPolicy#INTERVAL}: every {@code everyRecords} records or
 * every {@code interval}, whichever comes first. Appenders only signal it, every
 * {@code everyRecords}-th time, and never wait for it.
 */
final class IntervalSync implements AutoCloseable {

	private final GroupCommit commit;

	private final int everyRecords;

	private final long intervalNanos;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition due = this.lock.newCondition();

	private final Thread thread;

	private boolean requested;

	private volatile boolean closed;

	IntervalSync(GroupCommit commit, int everyRecords, Duration interval, String name) {
		this.commit = commit;
		this.everyRecords = everyRecords;
		this.intervalNanos = interval.toNanos();
		this.thread = new Thread(this::run, name);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	void appended(long sequence) {
		if (sequence % this.everyRecords == 0) {
			this.lock.lock();
			try {
				this.requested = true;
				this.due.signal();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	@Override
	public void close() {
		this.closed = true;
		this.thread.interrupt();
		try {
			this.thread.join(TimeUnit.SECONDS.toMillis(10));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void run() {
		while (!this.closed) {
			try {
				awaitDue();
			}
			catch (InterruptedException ex) {
				if (this.closed) {
					return;
				}
			}
			this.commit.sync();
		}
	}

	private void awaitDue() throws InterruptedException {
		this.lock.lock();
		try {
			long remaining = this.intervalNanos;
			while (!this.requested && remaining > 0) {
				remaining = this.due.awaitNanos(remaining);
			}
			this.requested = false;
		}
		finally {
			this.lock.unlock();
		}
	}

}
