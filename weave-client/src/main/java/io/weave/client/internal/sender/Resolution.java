package io.weave.client.internal.sender;

/** How the sender finished with a request. */
public enum Resolution {

	/** The server acknowledged it. */
	SENT,

	/** The server rejected it, or it can never be sent; it went to the dead letters. */
	DEAD_LETTERED,

	/** Given up without a verdict from the server: retries ran out or the sender stopped. */
	DROPPED

}
