package io.weave.client.internal.sender;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weave.client.internal.wire.WireRequest;

/**
 * The default {@link DeadLetterSink}: keeps the most recent dead letters in memory for
 * diagnostics and logs a warning at most once a minute.
 */
public final class RecentDeadLetters implements DeadLetterSink {

	public static final int DEFAULT_CAPACITY = 100;

	private static final Logger logger = LoggerFactory.getLogger(RecentDeadLetters.class);

	private static final int PREVIEW_LENGTH = 256;

	private final ArrayDeque<DeadLetter> recent = new ArrayDeque<>();

	private final int capacity;

	private final ThrottledWarning warning = new ThrottledWarning(logger,
			"Weave could not upload {} trace request(s) since the last report; the latest: {}",
			Duration.ofMinutes(1));

	public RecentDeadLetters() {
		this(DEFAULT_CAPACITY);
	}

	public RecentDeadLetters(int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("Capacity must be positive");
		}
		this.capacity = capacity;
	}

	@Override
	public void deadLetter(WireRequest request, String reason) {
		DeadLetter deadLetter = new DeadLetter(request.type(), request.key(), request.size(), reason, Instant.now(),
				preview(request.body()));
		synchronized (this.recent) {
			if (this.recent.size() == this.capacity) {
				this.recent.removeFirst();
			}
			this.recent.addLast(deadLetter);
		}
		this.warning.record(1, deadLetter);
	}

	/** The most recent dead letters, oldest first. */
	public List<DeadLetter> recent() {
		synchronized (this.recent) {
			return List.copyOf(this.recent);
		}
	}

	private static String preview(byte[] body) {
		String text = new String(body, 0, Math.min(body.length, PREVIEW_LENGTH * 4), StandardCharsets.UTF_8);
		return (text.length() <= PREVIEW_LENGTH) ? text : text.substring(0, PREVIEW_LENGTH) + "…";
	}

}
