package io.weave.client;

/**
 * What a {@link WeaveClient#replayDeadLetters() replay of dead letters} did. Letters are
 * removed from the dead letters only once they are safely queued again; a replay cut short
 * (by a crash, a full log) at worst sends some of them twice, and the server keeps one copy.
 *
 * @param requeued letters queued for upload again and removed from the dead letters
 * @param skipped letters left in the dead letters: unreadable, or there was no room to queue them
 * @param error why the replay stopped early, or {@code null}
 */
public record DeadLetterReplay(long requeued, long skipped, String error) {

	/** A replay that found nothing to do. */
	public static final DeadLetterReplay NONE = new DeadLetterReplay(0, 0, null);

	@Override
	public String toString() {
		return "requeued=" + this.requeued + ", skipped=" + this.skipped
				+ ((this.error != null) ? ", error=" + this.error : "");
	}

}
