package io.weave.spring.boot.autoconfigure.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.weave.client.WeaveBacklog;
import io.weave.client.WeaveClient;
import io.weave.client.WeaveStats;

/**
 * Health of Weave tracing: {@code UP} while traces reach the server; {@link #DEGRADED}
 * when the server refuses the configuration (sender {@code blocked}: a wrong or rotated API
 * key, a wrong URL, a TLS failure), uploads keep failing, the write-ahead log nears its
 * bound or cannot write (a full disk); {@code UNKNOWN} in
 * wal-only mode, where nothing is sent; {@code DOWN} once the client is stopped. The
 * details show the backlog and the last error, never the API key.
 * <p>
 * {@code DEGRADED} is not part of Spring Boot's default status order, so a tracing
 * problem does not change the application's overall status unless it is added to
 * {@code management.endpoint.health.status.order}.
 */
public class WeaveHealthIndicator extends AbstractHealthIndicator {

	/** Traces are not getting through, or soon will not; tracing itself still works. */
	public static final Status DEGRADED = new Status("DEGRADED", "Weave traces are not reaching the server");

	private static final double NEARLY_FULL = 0.9;

	private static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);

	private final WeaveClient client;

	private final Duration stallTimeout;

	private long lastSent;

	private Instant lastProgressAt = Instant.now();

	public WeaveHealthIndicator(WeaveClient client) {
		this(client, DEFAULT_STALL_TIMEOUT);
	}

	/**
	 * Creates an indicator that reports uploads as failing when errors keep coming and
	 * nothing has been acknowledged for {@code stallTimeout}.
	 */
	WeaveHealthIndicator(WeaveClient client, Duration stallTimeout) {
		super("Weave health check failed");
		this.client = client;
		this.stallTimeout = stallTimeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		WeaveBacklog backlog = this.client.backlog();
		WeaveStats stats = this.client.stats();
		Instant progressAt = observeProgress(stats.requestsSent());
		String problem = problem(backlog, stats, progressAt);
		if (this.client.isClosed() || "stopped".equals(backlog.senderState())) {
			builder.down().withDetail("reason", "the Weave client is stopped");
		}
		else if (problem != null) {
			builder.status(DEGRADED).withDetail("reason", problem);
		}
		else if ("wal-only".equals(backlog.mode())) {
			builder.unknown().withDetail("reason", "wal-only mode: traces are kept on disk and not sent");
		}
		else {
			builder.up();
		}
		details(builder, backlog, stats);
	}

	/**
	 * When the count of acknowledged requests last grew, as seen by health checks (or when
	 * this indicator was created).
	 */
	private synchronized Instant observeProgress(long sent) {
		Instant now = Instant.now();
		if (sent != this.lastSent) {
			this.lastSent = sent;
			this.lastProgressAt = now;
		}
		return this.lastProgressAt;
	}

	private @Nullable String problem(WeaveBacklog backlog, WeaveStats stats, Instant progressAt) {
		if (backlog.writeError() != null) {
			return "the write-ahead log cannot write, new traces are dropped: " + backlog.writeError();
		}
		if (backlog.senderBlocked()) {
			return "uploads are blocked, the server refuses the configuration: " + backlog.blockedReason()
					+ "; traces are kept and sent once it accepts them";
		}
		if (backlog.usedFraction() >= NEARLY_FULL) {
			return String.format(Locale.ROOT, "the write-ahead log is %.0f%% full", backlog.usedFraction() * 100);
		}
		Instant lastErrorAt = stats.lastErrorAt();
		boolean stalled = stats.requestsPending() > 0 && lastErrorAt != null && lastErrorAt.isAfter(progressAt)
				&& !Instant.now().isBefore(progressAt.plus(this.stallTimeout));
		return stalled ? "uploads keep failing; nothing was acknowledged since " + progressAt : null;
	}

	private void details(Health.Builder builder, WeaveBacklog backlog, WeaveStats stats) {
		builder.withDetail("project", this.client.project().toString())
			.withDetail("mode", backlog.mode()).withDetail("senderState", backlog.senderState());
		builder.withDetail("pendingRecords", backlog.pendingRecords());
		if (backlog.oldestPendingAge() != null) {
			builder.withDetail("oldestPendingAgeMillis", backlog.oldestPendingAge().toMillis());
		}
		if (backlog.maxBytes() > 0) {
			builder.withDetail("walBytes", backlog.bytes()).withDetail("walMaxBytes", backlog.maxBytes());
		}
		builder.withDetail("requestsSent", stats.requestsSent())
			.withDetail("deadLettered", backlog.deadLettered())
			.withDetail("dropped", backlog.dropped());
		if (stats.lastError() != null) {
			builder.withDetail("lastError", stats.lastError());
		}
		if (stats.lastErrorAt() != null) {
			builder.withDetail("lastErrorAt", stats.lastErrorAt().toString());
		}
	}

}
