package io.weave.client.internal.wal;

/**
 * The outcome of {@link WalWriter#append}. Appends never throw: whatever went wrong is
 * reported here and counted in the {@link WalSnapshot}.
 *
 * @param status what happened to the record
 * @param sequence the record's position in this writer's stream (1, 2, …), or {@code 0}
 * when it was not written
 */
public record AppendResult(Status status, long sequence) {

	private static final AppendResult DROPPED = new AppendResult(Status.DROPPED, 0);

	private static final AppendResult FAILED = new AppendResult(Status.FAILED, 0);

	static AppendResult appended(long sequence) {
		return new AppendResult(Status.APPENDED, sequence);
	}

	static AppendResult dropped() {
		return DROPPED;
	}

	static AppendResult failed() {
		return FAILED;
	}

	/**
	 * A record that was written but whose fsync failed: it may still be delivered, but its
	 * durability is unknown.
	 */
	static AppendResult failed(long sequence) {
		return new AppendResult(Status.FAILED, sequence);
	}

	public boolean isAppended() {
		return this.status == Status.APPENDED;
	}

	/** What happened to an appended record. */
	public enum Status {

		/** In the log (and, with {@link FsyncPolicy#ALWAYS}, on the device). */
		APPENDED,

		/** Not written because the log was full. */
		DROPPED,

		/** Not written, or written without a successful fsync, because of an I/O error or a closed log. */
		FAILED

	}

}
