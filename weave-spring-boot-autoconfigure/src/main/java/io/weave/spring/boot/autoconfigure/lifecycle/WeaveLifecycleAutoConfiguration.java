package io.weave.spring.boot.autoconfigure.lifecycle;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.weave.client.WeaveClient;
import io.weave.spring.boot.autoconfigure.WeaveAutoConfiguration;
import io.weave.spring.boot.autoconfigure.WeaveProperties;

/**
 * Auto-configuration that sends pending traces when the application shuts down.
 */
@AutoConfiguration(after = WeaveAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "weave.enabled", matchIfMissing = true)
@ConditionalOnBean(WeaveClient.class)
@EnableConfigurationProperties(WeaveProperties.class)
public final class WeaveLifecycleAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WeaveShutdownLifecycle weaveShutdownLifecycle(WeaveClient client, WeaveProperties properties) {
		return new WeaveShutdownLifecycle(client, properties.getShutdown().getFlushTimeout());
	}

}
