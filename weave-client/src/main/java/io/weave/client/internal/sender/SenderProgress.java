package io.weave.client.internal.sender;

/**
 * A snapshot of the sender's state for diagnostics and progress reports.
 *
 * @param pending requests accepted and not yet resolved, other than the starts of running calls
 * held in calls-complete mode
 * @param sent requests acknowledged by the server so far
 * @param failed requests dead-lettered or dropped so far
 * @param openCalls starts of running calls held until their end (calls-complete mode only)
 * @param callsCompleteMode whether calls go through {@code calls/complete}
 */
public record SenderProgress(long pending, long sent, long failed, int openCalls, boolean callsCompleteMode) {

}
