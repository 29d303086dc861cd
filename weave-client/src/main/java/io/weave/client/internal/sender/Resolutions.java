package io.weave.client.internal.sender;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weave.client.internal.StatsRecorder;

/**
 * Books what became of requests: counts them, hands dead letters to the sink, releases them
 * from the source, and advances the flush tracking.
 */
final class Resolutions {

	private static final Logger logger = LoggerFactory.getLogger(Resolutions.class);

	private final StatsRecorder stats;

	private final ResolutionTracker tracker;

	private final RequestSource source;

	private final DeadLetterSink deadLetters;

	Resolutions(StatsRecorder stats, ResolutionTracker tracker, RequestSource source, DeadLetterSink deadLetters) {
		this.stats = stats;
		this.tracker = tracker;
		this.source = source;
		this.deadLetters = deadLetters;
	}

	void sent(List<SequencedRequest> requests, long bytes) {
		this.stats.sent(requests.size(), bytes);
		release(requests, Resolution.SENT);
	}

	void deadLettered(List<SequencedRequest> requests, String reason) {
		this.stats.deadLettered(requests.size());
		this.stats.error(reason);
		for (SequencedRequest request : requests) {
			try {
				this.deadLetters.deadLetter(request.request(), reason);
			}
			catch (RuntimeException | Error ex) {
				logger.warn("Dead letter sink failed for {}", request.request(), ex);
			}
		}
		release(requests, Resolution.DEAD_LETTERED);
	}

	void dropped(List<SequencedRequest> requests, String reason) {
		if (requests.isEmpty()) {
			return;
		}
		if (this.source.isDurable()) {
			logger.info("Left {} trace request(s) in the write-ahead log for a later run: {}", requests.size(), reason);
		}
		else {
			this.stats.dropped(requests.size());
			this.stats.error(reason);
			logger.warn("Dropped {} trace request(s): {}", requests.size(), reason);
		}
		release(requests, Resolution.DROPPED);
	}

	/**
	 * A call start set aside until its end arrives: it no longer holds up a flush, though it is
	 * only released from the source once it is finally resolved.
	 */
	void setAside(SequencedRequest start) {
		this.tracker.resolve(start.sequence());
	}

	private void release(List<SequencedRequest> requests, Resolution resolution) {
		for (SequencedRequest request : requests) {
			this.tracker.resolve(request.sequence());
			try {
				this.source.resolved(request, resolution);
			}
			catch (RuntimeException | Error ex) {
				// e.g. the log's file failing under it: the rest must still be released, or flushes hang
				logger.warn("Request source failed to release {}", request, ex);
			}
		}
	}

}
