package io.weave.spring.boot.autoconfigure.health;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

import io.weave.client.WeaveClient;
import io.weave.spring.boot.autoconfigure.WeaveAutoConfiguration;

/**
 * Auto-configuration of the {@code weave} health indicator.
 */
@AutoConfiguration(after = WeaveAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnEnabledHealthIndicator.class)
@ConditionalOnBooleanProperty(name = "weave.enabled", matchIfMissing = true)
@ConditionalOnBean(WeaveClient.class)
public final class WeaveHealthContributorAutoConfiguration {

	// On the method: the condition is only read once Spring Boot's health support is known
	// to be present.
	@Bean
	@ConditionalOnMissingBean(name = "weaveHealthIndicator")
	@ConditionalOnEnabledHealthIndicator("weave")
	WeaveHealthIndicator weaveHealthIndicator(WeaveClient client) {
		return new WeaveHealthIndicator(client);
	}

}
