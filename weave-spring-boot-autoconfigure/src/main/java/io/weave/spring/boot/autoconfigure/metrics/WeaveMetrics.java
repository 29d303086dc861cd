package io.weave.spring.boot.autoconfigure.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.weave.client.WeaveBacklog;
import io.weave.client.WeaveClient;
import io.weave.client.WeaveStats;

/**
 * Micrometer meters over a {@link WeaveClient}'s {@link WeaveClient#stats() stats} and
 * {@link WeaveClient#backlog() backlog}, tagged with the Weave {@code project}: counters of
 * calls and requests ({@code weave.calls.*}, {@code weave.requests.*},
 * {@code weave.upload}, {@code weave.dead.letters.refused}), gauges of what is pending
 * ({@code weave.requests.pending}, {@code weave.wal.*}) and of the two faults an operator must act
 * on ({@code weave.sender.blocked}, {@code weave.wal.write.failing}). The backlog gauges share one backlog, taken at most once a second.
 */
public class WeaveMetrics implements MeterBinder {

	private final WeaveClient client;

	private final Tags tags;

	private final Supplier<WeaveBacklog> backlog;

	public WeaveMetrics(WeaveClient client) {
		this(client, client::backlog, System::nanoTime);
	}

	/** With where backlogs come from and the clock their age is measured by, for tests. */
	WeaveMetrics(WeaveClient client, Supplier<WeaveBacklog> backlog, LongSupplier nanoTime) {
		this.client = client;
		this.tags = Tags.of("project", client.project().toString());
		this.backlog = new RecentBacklog(backlog, nanoTime);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		counter(registry, "weave.calls.started", "Calls started", WeaveStats::callsStarted);
		counter(registry, "weave.calls.ended", "Calls ended, with an output or an exception", WeaveStats::callsEnded);
		counter(registry, "weave.requests.sent", "Requests acknowledged by the trace server", WeaveStats::requestsSent);
		counter(registry, "weave.requests.retried", "Upload attempts that failed and were retried",
				WeaveStats::requestsRetried);
		counter(registry, "weave.requests.dropped", "Requests dropped because a buffer was full or retries ran out",
				WeaveStats::requestsDropped);
		counter(registry, "weave.requests.dead.lettered", "Requests the trace server rejected permanently",
				WeaveStats::requestsDeadLettered);
		FunctionCounter.builder("weave.upload", this.client, (client) -> client.stats().bytesSent())
			.description("Bytes of requests acknowledged by the trace server")
			.baseUnit(BaseUnits.BYTES)
			.tags(this.tags)
			.register(registry);
		gauge(registry, "weave.requests.pending", "Requests not yet acknowledged by the trace server", null,
				(client) -> client.stats().requestsPending());
		gauge(registry, "weave.wal.bytes", "Bytes of the write-ahead log's segments", BaseUnits.BYTES,
				(client) -> this.backlog.get().bytes());
		gauge(registry, "weave.wal.usage", "Share of the write-ahead log's bound in use, 0 to 1", null,
				(client) -> this.backlog.get().usedFraction());
		gauge(registry, "weave.wal.segments", "Segment files of the write-ahead log", null,
				(client) -> this.backlog.get().segments());
		gauge(registry, "weave.wal.pending", "Records waiting in the write-ahead log to be sent", null,
				(client) -> this.backlog.get().pendingRecords());
		gauge(registry, "weave.sender.blocked",
				"1 while the trace server refuses the configuration (API key, URL, TLS) and uploads wait, else 0", null,
				(client) -> this.backlog.get().senderBlocked() ? 1 : 0);
		gauge(registry, "weave.wal.write.failing",
				"1 while the write-ahead log cannot write (a full disk) and new traces are dropped, else 0", null,
				(client) -> (this.backlog.get().writeError() != null) ? 1 : 0);
		FunctionCounter.builder("weave.dead.letters.refused", this.client,
				(client) -> this.backlog.get().deadLettersRefused())
			.description("Rejected requests the full dead letters refused to keep")
			.tags(this.tags)
			.register(registry);
		TimeGauge.builder("weave.wal.oldest.age", this.client, TimeUnit.MILLISECONDS, (client) -> oldestPendingMillis())
			.description("Age of the oldest record waiting to be sent, 0 when none is")
			.tags(this.tags)
			.register(registry);
	}

	private void counter(MeterRegistry registry, String name, String description, ToLongFunction<WeaveStats> count) {
		FunctionCounter.builder(name, this.client, (client) -> count.applyAsLong(client.stats()))
			.description(description)
			.tags(this.tags)
			.register(registry);
	}

	private void gauge(MeterRegistry registry, String name, String description, String baseUnit,
			ToDoubleFunction<WeaveClient> value) {
		Gauge.builder(name, this.client, value)
			.description(description)
			.baseUnit(baseUnit)
			.tags(this.tags)
			.register(registry);
	}

	private double oldestPendingMillis() {
		Duration age = this.backlog.get().oldestPendingAge();
		return (age != null) ? age.toMillis() : 0;
	}

}
