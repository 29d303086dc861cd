package io.weave.client.internal.wal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The log's own background threads (fsync, page preparation): daemons, so that they never keep
 * a JVM alive, that park while idle and look at their closed flag when unparked.
 */
final class LogThreads {

	private LogThreads() {
	}

	static Thread start(String name, Runnable loop) {
		Thread thread = new Thread(loop, name);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	/** Wakes a thread whose closed flag was just set and waits a while for it to finish. */
	static void stop(Thread thread) {
		LockSupport.unpark(thread);
		try {
			thread.join(TimeUnit.SECONDS.toMillis(10));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
