package io.weave.spring.boot.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;

import io.weave.client.WeaveClient;
import io.weave.spring.boot.autoconfigure.WeaveAutoConfiguration;

/**
 * Auto-configuration of {@link WeaveMetrics}.
 */
@AutoConfiguration(after = { WeaveAutoConfiguration.class, MetricsAutoConfiguration.class,
		CompositeMeterRegistryAutoConfiguration.class })
@ConditionalOnClass({ MeterRegistry.class, MetricsAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "weave.enabled", matchIfMissing = true)
@ConditionalOnBean({ WeaveClient.class, MeterRegistry.class })
public final class WeaveMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WeaveMetrics weaveMetrics(WeaveClient client) {
		return new WeaveMetrics(client);
	}

}
