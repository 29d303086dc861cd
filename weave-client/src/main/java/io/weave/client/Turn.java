package io.weave.client;

/**
 * The turn of a conversation a call belongs to: shared by the call that started it and its
 * descendants, so that only a turn's first call creates one.
 *
 * @param threadId the conversation's {@code thread_id}
 * @param id the {@code turn_id}: the id of the turn's outermost call
 */
record Turn(String threadId, String id) {

	/**
	 * The turn of a call started in {@code threadId} under {@code parent}: the parent's if it is
	 * in the same thread, else a new one that the call starts (as the Python SDK's
	 * {@code weave.thread()} does).
	 */
	static Turn of(String threadId, Call parent, String callId) {
		if (threadId == null) {
			return null;
		}
		Turn parentTurn = (parent != null) ? parent.turn() : null;
		return (parentTurn != null && parentTurn.threadId.equals(threadId)) ? parentTurn : new Turn(threadId, callId);
	}

}
