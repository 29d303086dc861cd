package io.weave.client.internal.wal;

/** When appended records are forced from the OS page cache to the storage device. */
public enum FsyncPolicy {

	/**
	 * An append returns only after an fsync that covers it; concurrent appends share one fsync
	 * (group commit). Survives power loss.
	 */
	ALWAYS,

	/**
	 * A background thread fsyncs every few records or after a short interval, whichever comes
	 * first. Survives a process crash; a power loss may take the last interval.
	 */
	INTERVAL,

	/** Never fsync; the OS writes back on its own schedule. Survives a process crash only. */
	NEVER

}
