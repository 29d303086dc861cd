package io.weave.spring.boot.autoconfigure.metrics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.weave.client.WeaveClient;
import io.weave.spring.boot.autoconfigure.WeaveTestSupport;
import io.weave.test.WeaveServerExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WeaveMetricsAutoConfiguration}.
 */
class WeaveMetricsAutoConfigurationTests {

	@RegisterExtension
	static WeaveServerExtension weave = new WeaveServerExtension();

	@TempDir
	Path walDirectory;

	private ApplicationContextRunner runner() {
		return WeaveTestSupport
			.runner(weave.server(), this.walDirectory, MetricsAutoConfiguration.class,
					WeaveMetricsAutoConfiguration.class)
			.withBean(SimpleMeterRegistry.class);
	}

	@Test
	void metersFollowTheClient() {
		runner().run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			WeaveClient client = context.getBean(WeaveClient.class);
			client.call("measured", Map.of(), () -> 1);
			client.call("measured", Map.of(), () -> 2);
			assertThat(client.flush(Duration.ofSeconds(10)).completed()).isTrue();
			assertThat(count(registry, "weave.calls.started")).isEqualTo(2);
			assertThat(count(registry, "weave.calls.ended")).isEqualTo(2);
			assertThat(count(registry, "weave.requests.sent")).isPositive();
			assertThat(count(registry, "weave.requests.dropped")).isZero();
			assertThat(count(registry, "weave.requests.dead.lettered")).isZero();
			assertThat(count(registry, "weave.upload")).isPositive();
			assertThat(gauge(registry, "weave.wal.bytes")).isPositive();
			assertThat(gauge(registry, "weave.wal.usage")).isBetween(0.0, 1.0);
			assertThat(gauge(registry, "weave.wal.segments")).isPositive();
			assertThat(gauge(registry, "weave.requests.pending")).isZero();
			assertThat(registry.get("weave.wal.oldest.age").tag("project", WeaveTestSupport.PROJECT).timeGauge()
				.value()).isZero();
			assertThat(registry.get("weave.wal.pending").gauge().value()).isNotNegative();
		});
	}

	@Test
	void aRefusedKeyShowsAsABlockedSenderUntilTheServerAcceptsIt() {
		runner().run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			WeaveClient client = context.getBean(WeaveClient.class);
			assertThat(gauge(registry, "weave.sender.blocked")).isZero();
			assertThat(gauge(registry, "weave.wal.write.failing")).isZero();
			assertThat(count(registry, "weave.dead.letters.refused")).isZero();
			weave.server().faults().failFor(Duration.ofHours(1), 401);
			try {
				client.call("refused", Map.of(), () -> 1);
				Awaitility.await().atMost(Duration.ofSeconds(10))
					.until(() -> gauge(registry, "weave.sender.blocked") == 1);
			}
			finally {
				weave.server().faults().clear();
			}
			assertThat(client.flush(Duration.ofSeconds(10)).completed()).isTrue();
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> gauge(registry, "weave.sender.blocked") == 0);
			assertThat(count(registry, "weave.requests.dead.lettered")).isZero();
		});
	}

	@Test
	void aScrapeTakesOneBacklogSnapshotForAllGaugesAtMostOncePerSecond() {
		runner().run((context) -> {
			WeaveClient client = context.getBean(WeaveClient.class);
			AtomicInteger snapshots = new AtomicInteger();
			AtomicLong nanoTime = new AtomicLong();
			MeterRegistry registry = new SimpleMeterRegistry();
			new WeaveMetrics(client, () -> {
				snapshots.incrementAndGet();
				return client.backlog();
			}, nanoTime::get).bindTo(registry);
			client.call("measured", Map.of(), () -> 1);
			scrape(registry);
			assertThat(snapshots).hasValue(1);
			nanoTime.addAndGet(Duration.ofMillis(999).toNanos());
			scrape(registry);
			assertThat(snapshots).hasValue(1);
			nanoTime.addAndGet(Duration.ofMillis(1).toNanos());
			scrape(registry);
			assertThat(snapshots).hasValue(2);
			assertThat(gauge(registry, "weave.wal.segments")).isPositive();
		});
	}

	@Test
	void backsOffWithoutMicrometer() {
		runner().withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> assertThat(context).hasSingleBean(WeaveClient.class)
				.doesNotHaveBean(WeaveMetrics.class));
	}

	/** Reads every meter, as a scrape does. */
	private static void scrape(MeterRegistry registry) {
		registry.getMeters().forEach((meter) -> meter.measure().forEach(Measurement::getValue));
	}

	private static double count(MeterRegistry registry, String name) {
		return registry.get(name).tag("project", WeaveTestSupport.PROJECT).functionCounter().count();
	}

	private static double gauge(MeterRegistry registry, String name) {
		return registry.get(name).tag("project", WeaveTestSupport.PROJECT).gauge().value();
	}

}
