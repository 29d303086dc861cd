package io.weave.spring.boot.autoconfigure.endpoint;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.weave.client.WeaveClient;
import io.weave.spring.boot.autoconfigure.WeaveAutoConfiguration;
import io.weave.spring.boot.autoconfigure.WeaveProperties;

/**
 * Auto-configuration of the {@link WeaveEndpoint}.
 */
@AutoConfiguration(after = WeaveAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnBooleanProperty(name = "weave.enabled", matchIfMissing = true)
@ConditionalOnBean(WeaveClient.class)
@EnableConfigurationProperties(WeaveProperties.class)
public final class WeaveEndpointAutoConfiguration {

	// On the method: the condition is only read once Actuator is known to be present.
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint(WeaveEndpoint.class)
	WeaveEndpoint weaveEndpoint(WeaveClient client, WeaveProperties properties) {
		return new WeaveEndpoint(client, properties.getShutdown().getFlushTimeout());
	}

}
