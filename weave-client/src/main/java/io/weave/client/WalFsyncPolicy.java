package io.weave.client;

/** When the write-ahead log forces appended records to the storage device. */
public enum WalFsyncPolicy {

	/** Every record is durable before its append returns; concurrent appends share one fsync. */
	ALWAYS,

	/** Every few records or milliseconds (by default 64 records or 500 ms, as Weave's Python WAL). */
	INTERVAL,

	/** Leave it to the operating system; survives a process crash, not a power loss. */
	NEVER

}
