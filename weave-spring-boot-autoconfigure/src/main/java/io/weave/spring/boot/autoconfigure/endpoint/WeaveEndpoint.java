package io.weave.spring.boot.autoconfigure.endpoint;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.convert.DurationStyle;

import io.weave.client.DeadLetterReplay;
import io.weave.client.FlushResult;
import io.weave.client.WeaveBacklog;
import io.weave.client.WeaveClient;
import io.weave.client.WeaveStats;

/**
 * {@link Endpoint @Endpoint} that shows what is waiting to reach the Weave trace server
 * ({@code GET /actuator/weave}), flushes it on demand ({@code POST /actuator/weave/flush}, or
 * {@code POST /actuator/weave/flush/30s} with a timeout) and sends the dead letters again
 * ({@code POST /actuator/weave/deadletters/replay}). It never shows the API key.
 */
@Endpoint(id = "weave")
public class WeaveEndpoint {

	static final String FLUSH = "flush";

	static final String DEAD_LETTERS = "deadletters";

	static final String REPLAY = "replay";

	private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

	private final WeaveClient client;

	private final Duration defaultTimeout;

	/**
	 * Creates an endpoint for {@code client}.
	 * @param client the client
	 * @param defaultTimeout how long a flush waits when the request names no timeout
	 */
	public WeaveEndpoint(WeaveClient client, Duration defaultTimeout) {
		this.client = client;
		this.defaultTimeout = defaultTimeout;
	}

	@ReadOperation
	public WeaveDescriptor weave() {
		return WeaveDescriptor.of(this.client.project().toString(), this.client.backlog(), this.client.stats());
	}

	/**
	 * Waits until what was pending when the request came in has been acknowledged by the
	 * server, or the default timeout passes.
	 * @param operation the operation, {@code flush}
	 * @return what the flush achieved
	 */
	@WriteOperation
	public FlushDescriptor flush(@Selector String operation) {
		return flushWithin(operation, this.defaultTimeout);
	}

	/**
	 * The operations named by two path segments, which share one path pattern and so one
	 * method: {@code POST /actuator/weave/flush/30s} flushes with a timeout (see
	 * {@link #flushWithin}), {@code POST /actuator/weave/deadletters/replay} replays the dead
	 * letters (see {@link #replayDeadLetters}). Neither needs a request body.
	 * @param operation {@code flush} or {@code deadletters}
	 * @param argument the timeout of a flush, e.g. {@code 30s} or {@code PT30S}, or
	 * {@code replay}
	 * @return what the operation achieved
	 */
	@WriteOperation
	public OperationResponseBody operate(@Selector String operation, @Selector String argument) {
		if (DEAD_LETTERS.equals(operation)) {
			if (!REPLAY.equals(argument)) {
				throw new InvalidEndpointRequestException("Unknown operation '" + operation + "/" + argument + "'",
						"Unknown operation; POST /actuator/weave/deadletters/replay sends the dead letters again");
			}
			return replayDeadLetters();
		}
		checkFlush(operation);
		return flushWithin(operation, timeout(argument));
	}

	/**
	 * Waits until what was pending when the request came in has been acknowledged by the
	 * server, or the timeout passes.
	 * @param operation the operation, {@code flush}
	 * @param timeout how long to wait at most
	 * @return what the flush achieved
	 */
	public FlushDescriptor flushWithin(String operation, Duration timeout) {
		checkFlush(operation);
		if (timeout.isNegative() || timeout.compareTo(MAX_TIMEOUT) > 0) {
			throw new InvalidEndpointRequestException("Invalid timeout " + timeout,
					"The timeout must be between 0 and " + MAX_TIMEOUT.toMinutes() + " minutes");
		}
		return FlushDescriptor.of(this.client.flush(timeout));
	}

	/**
	 * Queues the requests the server rejected for upload again, once the cause is fixed; they
	 * leave the dead letters only once safely queued. See {@link WeaveClient#replayDeadLetters()}.
	 * @return how many were queued again and how many stay
	 */
	public DeadLetterReplayDescriptor replayDeadLetters() {
		return DeadLetterReplayDescriptor.of(this.client.replayDeadLetters());
	}

	private static void checkFlush(String operation) {
		if (!FLUSH.equals(operation)) {
			throw new InvalidEndpointRequestException("Unknown operation '" + operation + "'",
					"Unknown operation; POST /actuator/weave/flush flushes pending traces, "
							+ "POST /actuator/weave/deadletters/replay sends the dead letters again");
		}
	}

	private static Duration timeout(String value) {
		try {
			return DurationStyle.detectAndParse(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException("Invalid timeout '" + value + "'",
					"The timeout must be a duration such as 30s or PT30S");
		}
	}

	/**
	 * The backlog and the counters of the client.
	 *
	 * @param project the Weave project
	 * @param mode {@code memory}, {@code wal} or {@code wal-only}
	 * @param senderState {@code running}, {@code blocked} (the server refuses the API key, URL
	 * or TLS setup; traces are kept until it accepts them), {@code disabled} (wal-only) or
	 * {@code stopped}
	 * @param blockedReason why the sender is blocked; absent unless it is
	 * @param backlog what waits to be sent and what failed
	 * @param stats the client's counters
	 */
	public record WeaveDescriptor(String project, String mode, String senderState, @Nullable String blockedReason,
			BacklogDescriptor backlog, StatsDescriptor stats) implements OperationResponseBody {

		static WeaveDescriptor of(String project, WeaveBacklog backlog, WeaveStats stats) {
			return new WeaveDescriptor(project, backlog.mode(), backlog.senderState(), backlog.blockedReason(),
					BacklogDescriptor.of(backlog), StatsDescriptor.of(stats));
		}

	}

	/**
	 * What is waiting to reach the server, as {@link WeaveBacklog}.
	 *
	 * @param segments write-ahead log segment files
	 * @param bytes bytes of those segments
	 * @param maxBytes the bound on {@code bytes}, 0 without a write-ahead log
	 * @param usedFraction {@code bytes / maxBytes}, 0 to 1
	 * @param pendingRecords requests not yet acknowledged by the server
	 * @param oldestPendingAgeMillis age of the oldest pending request; absent when none
	 * @param deadLettered requests the server rejected permanently, kept as dead letters
	 * @param deadLettersRefused rejected requests the full dead letters refused to keep
	 * @param corrupt log records found corrupt and quarantined
	 * @param torn torn log tails left by a crash
	 * @param dropped requests dropped because the buffer or log was full or retries ran out
	 * @param expired requests discarded because they were older than the maximum age
	 * @param lastError the last upload or log error; absent when none
	 * @param writeError why the write-ahead log cannot write (a full disk, …); absent while it can
	 */
	public record BacklogDescriptor(long segments, long bytes, long maxBytes, double usedFraction, long pendingRecords,
			@Nullable Long oldestPendingAgeMillis, long deadLettered, long deadLettersRefused, long corrupt, long torn,
			long dropped, long expired, @Nullable String lastError, @Nullable String writeError) {

		static BacklogDescriptor of(WeaveBacklog backlog) {
			Duration oldest = backlog.oldestPendingAge();
			return new BacklogDescriptor(backlog.segments(), backlog.bytes(), backlog.maxBytes(),
					backlog.usedFraction(), backlog.pendingRecords(), (oldest != null) ? oldest.toMillis() : null,
					backlog.deadLettered(), backlog.deadLettersRefused(), backlog.corrupt(), backlog.torn(),
					backlog.dropped(), backlog.expired(), backlog.lastError(), backlog.writeError());
		}

	}

	/**
	 * The client's counters since it started, as {@link WeaveStats}.
	 *
	 * @param callsStarted calls started
	 * @param callsEnded calls ended
	 * @param requestsEnqueued requests accepted for upload
	 * @param requestsSent requests acknowledged by the server
	 * @param requestsRetried upload attempts that failed and were retried
	 * @param requestsDropped requests dropped
	 * @param requestsDeadLettered requests the server rejected permanently
	 * @param bytesSent request bytes acknowledged by the server
	 * @param requestsPending requests not yet resolved
	 * @param lastError the last upload error; absent when none
	 * @param lastErrorAt when it happened, ISO-8601; absent when none
	 */
	public record StatsDescriptor(long callsStarted, long callsEnded, long requestsEnqueued, long requestsSent,
			long requestsRetried, long requestsDropped, long requestsDeadLettered, long bytesSent,
			long requestsPending, @Nullable String lastError, @Nullable String lastErrorAt) {

		static StatsDescriptor of(WeaveStats stats) {
			Instant lastErrorAt = stats.lastErrorAt();
			return new StatsDescriptor(stats.callsStarted(), stats.callsEnded(), stats.requestsEnqueued(),
					stats.requestsSent(), stats.requestsRetried(), stats.requestsDropped(),
					stats.requestsDeadLettered(), stats.bytesSent(), stats.requestsPending(), stats.lastError(),
					(lastErrorAt != null) ? lastErrorAt.toString() : null);
		}

	}

	/**
	 * What a flush achieved, as {@link FlushResult}.
	 *
	 * @param completed whether everything pending when the flush began was resolved in time
	 * @param sent requests acknowledged while the flush ran
	 * @param pending requests from before the flush still waiting
	 * @param failed requests dead-lettered or dropped while the flush ran
	 * @param elapsedMillis how long the flush took
	 */
	public record FlushDescriptor(boolean completed, long sent, long pending, long failed,
			long elapsedMillis) implements OperationResponseBody {

		static FlushDescriptor of(FlushResult result) {
			return new FlushDescriptor(result.completed(), result.sent(), result.pending(), result.failed(),
					result.elapsed().toMillis());
		}

	}

	/**
	 * What a replay of the dead letters did, as {@link DeadLetterReplay}.
	 *
	 * @param requeued letters queued for upload again and removed from the dead letters
	 * @param skipped letters left in the dead letters: unreadable, or no room to queue them
	 * @param error why the replay stopped early; absent when it did not
	 */
	public record DeadLetterReplayDescriptor(long requeued, long skipped,
			@Nullable String error) implements OperationResponseBody {

		static DeadLetterReplayDescriptor of(DeadLetterReplay replay) {
			return new DeadLetterReplayDescriptor(replay.requeued(), replay.skipped(), replay.error());
		}

	}

}
