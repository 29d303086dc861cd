package io.weave.client.internal.wal;

/** What an append does when the log has reached its size bound. */
public enum FullPolicy {

	/** Drop the record being appended and count it; the application never waits. */
	DROP_NEWEST,

	/** Wait up to the block timeout for acknowledgements to free space, then drop. */
	BLOCK

}
