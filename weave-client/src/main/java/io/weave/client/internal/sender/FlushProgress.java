package io.weave.client.internal.sender;

import java.time.Duration;

/**
 * How far a running flush has come.
 *
 * @param pending requests enqueued before the flush that are not resolved yet
 * @param sent requests acknowledged since the flush began
 * @param failed requests dead-lettered or dropped since the flush began
 * @param elapsed time since the flush began
 */
public record FlushProgress(long pending, long sent, long failed, Duration elapsed) {

}
