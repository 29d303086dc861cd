package io.weave.client;

/** What tracing does when the write-ahead log has reached its size bound. */
public enum WalFullPolicy {

	/** Drop the new record, count it and log at most once a minute. */
	DROP_NEWEST,

	/** Wait up to the block timeout for space, then drop and count. */
	BLOCK

}
