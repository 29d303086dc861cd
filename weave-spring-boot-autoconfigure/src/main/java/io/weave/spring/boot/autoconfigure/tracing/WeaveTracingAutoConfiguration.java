package io.weave.spring.boot.autoconfigure.tracing;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;

import io.weave.client.WeaveClient;
import io.weave.spring.WeaveOp;
import io.weave.spring.boot.autoconfigure.WeaveAutoConfiguration;
import io.weave.spring.boot.autoconfigure.WeaveProperties;

/**
 * Auto-configuration that traces {@link WeaveOp @WeaveOp} methods and the beans selected by
 * {@code weave.tracing.include}, and keeps the current call across Spring's task
 * executors.
 */
@AutoConfiguration(after = WeaveAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "weave.enabled", matchIfMissing = true)
@ConditionalOnBean(WeaveClient.class)
public final class WeaveTracingAutoConfiguration {

	// Advisors are created while bean post-processors are registered: bind the settings
	// from the environment and look the client up lazily rather than depend on beans.
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean
	static WeaveOpAdvisor weaveOpAdvisor(ObjectProvider<WeaveClient> client, Environment environment,
			BeanFactory beanFactory) {
		WeaveProperties.Tracing tracing = Binder.get(environment)
			.bind("weave.tracing", WeaveProperties.Tracing.class)
			.orElseGet(WeaveProperties.Tracing::new);
		WeaveOpInterceptor interceptor = new WeaveOpInterceptor(SingletonSupplier.of(client::getObject));
		return new WeaveOpAdvisor(WeaveOpPointcuts.of(tracing.getInclude(), tracing.getExclude(), beanFactory),
				interceptor);
	}

	@Bean
	@ConditionalOnMissingBean
	WeaveTaskDecorator weaveTaskDecorator() {
		return new WeaveTaskDecorator();
	}

}
