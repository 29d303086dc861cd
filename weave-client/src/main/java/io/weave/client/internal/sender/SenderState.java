package io.weave.client.internal.sender;

/** What the {@link Sender} is doing, as operators see it. */
public enum SenderState {

	/** Sending, or waiting for something to send or for the server to come back. */
	RUNNING("running"),

	/**
	 * The server refuses this client's configuration (401, 403, 404, a redirect, a TLS
	 * failure): records are kept, retried with a long backoff, until someone fixes it.
	 */
	BLOCKED("blocked"),

	/** The client has closed, or the thread is gone. */
	STOPPED("stopped");

	private final String value;

	SenderState(String value) {
		this.value = value;
	}

	/** The name shown in the backlog, health and the actuator endpoint. */
	public String value() {
		return this.value;
	}

}
