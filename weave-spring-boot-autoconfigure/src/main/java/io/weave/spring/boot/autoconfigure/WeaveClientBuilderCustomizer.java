package io.weave.spring.boot.autoconfigure;

import io.weave.client.WeaveClientBuilder;

/**
 * Customizes the auto-configured {@link io.weave.client.WeaveClient} before it is built,
 * after the {@code weave.*} properties are applied. Customizer beans are applied in
 * {@link org.springframework.core.annotation.Order order}.
 */
@FunctionalInterface
public interface WeaveClientBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, with the {@code weave.*} properties applied
	 */
	void customize(WeaveClientBuilder builder);

}
