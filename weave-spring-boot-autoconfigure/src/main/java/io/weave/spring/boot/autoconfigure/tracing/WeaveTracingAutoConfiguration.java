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
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;

import io.weave.client.WeaveClient;
import io.weave.spring.WeaveOp;
import io.weave.spring.boot.autoconfigure.WeaveAutoConfiguration;
import io.weave.spring.boot.autoconfigure.WeaveProperties;

/**
 * Auto-configuration that traces {@link WeaveOp @WeaveOp} methods and the methods selected
 * by {@code weave.tracing.include}, and keeps the current call across Spring's task
 * executors.
 * <p>
 * The advisors are infrastructure beans, so that Spring Boot's auto-proxy creator applies
 * them with or without AspectJ on the classpath. They are created while bean
 * post-processors are registered: they bind their settings from the environment and look
 * the client up at the first traced call rather than depend on other beans.
 */
@AutoConfiguration(after = WeaveAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "weave.enabled", matchIfMissing = true)
@ConditionalOnBean(WeaveClient.class)
public final class WeaveTracingAutoConfiguration {

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean
	static WeaveOpInterceptor weaveOpInterceptor(ObjectProvider<WeaveClient> client) {
		return new WeaveOpInterceptor(SingletonSupplier.of(client::getObject));
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean(name = "weaveOpAdvisor")
	static WeaveOpAdvisor weaveOpAdvisor(WeaveOpInterceptor weaveOpInterceptor) {
		return new WeaveOpAdvisor(WeaveOpPointcuts.annotated(), weaveOpInterceptor);
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean(name = "weaveIncludeAdvisor")
	@Conditional(OnTracingIncludeCondition.class)
	static WeaveOpAdvisor weaveIncludeAdvisor(WeaveOpInterceptor weaveOpInterceptor, Environment environment,
			BeanFactory beanFactory) {
		WeaveProperties.Tracing tracing = Binder.get(environment)
			.bind("weave.tracing", WeaveProperties.Tracing.class)
			.orElseGet(WeaveProperties.Tracing::new);
		return new WeaveOpAdvisor(WeaveOpPointcuts.included(tracing.getInclude(), tracing.getExclude(), beanFactory),
				weaveOpInterceptor);
	}

	@Bean
	@ConditionalOnMissingBean
	WeaveTaskDecorator weaveTaskDecorator() {
		return new WeaveTaskDecorator();
	}

}
