package io.weave.spring.boot.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import io.weave.client.WeaveClient;
import io.weave.client.WeaveClientBuilder;
import io.weave.client.WeaveEnvironment;

/**
 * Auto-configuration of the {@link WeaveClient}: configured from {@link WeaveProperties},
 * with Weave's environment variables as fallbacks, and customized by
 * {@link WeaveClientBuilderCustomizer} beans. Without an API key the client keeps traces in
 * its write-ahead log (wal-only mode) rather than failing the application.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "weave.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WeaveProperties.class)
public final class WeaveAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WeaveClient weaveClient(WeaveProperties properties, Environment environment,
			ObjectProvider<WeaveClientBuilderCustomizer> customizers) {
		WeaveClientBuilderConfigurer configurer = new WeaveClientBuilderConfigurer(properties,
				WeaveEnvironment.of(environment::getProperty));
		WeaveClientBuilder builder = WeaveClient.builder();
		configurer.configure(builder);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

}
