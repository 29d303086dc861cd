package io.weave.spring.boot.autoconfigure.sanitizing;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint.ConfigurationPropertiesBeanDescriptor;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import io.weave.spring.boot.autoconfigure.WeaveProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WeaveSanitizingAutoConfiguration}.
 */
class WeaveSanitizingAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
				ConfigurationPropertiesReportEndpointAutoConfiguration.class,
				EnvironmentEndpointAutoConfiguration.class, WeaveSanitizingAutoConfiguration.class))
		.withUserConfiguration(PropertiesConfiguration.class)
		.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
					Map.of("WANDB_API_KEY", "env-secret-key"))))
		.withPropertyValues("weave.project=team/project", "weave.api-key=property-secret-key",
				"management.endpoints.web.exposure.include=configprops,env",
				"management.endpoint.configprops.show-values=always", "management.endpoint.env.show-values=always");

	@Test
	void theApiKeyIsMaskedInConfigurationProperties() {
		this.runner.run((context) -> {
			ConfigurationPropertiesBeanDescriptor weave = context.getBean(ConfigurationPropertiesReportEndpoint.class)
				.configurationProperties()
				.getContexts()
				.values()
				.stream()
				.flatMap((descriptor) -> descriptor.getBeans().values().stream())
				.filter((bean) -> bean.getPrefix().equals("weave"))
				.findFirst()
				.orElseThrow();
			assertThat(weave.getProperties()).containsEntry("project", "team/project")
				.containsEntry("apiKey", "******");
			assertThat(weave.getInputs().toString()).doesNotContain("secret-key");
		});
	}

	@Test
	void theApiKeyIsMaskedInTheEnvironment() {
		this.runner.run((context) -> {
			EnvironmentEndpoint endpoint = context.getBean(EnvironmentEndpoint.class);
			assertThat(endpoint.environmentEntry("weave.api-key").getProperty().getValue()).isEqualTo("******");
			assertThat(endpoint.environmentEntry("WANDB_API_KEY").getProperty().getValue()).isEqualTo("******");
			assertThat(endpoint.environmentEntry("weave.project").getProperty().getValue()).isEqualTo("team/project");
			assertThat(endpoint.environment(null).toString()).doesNotContain("secret-key");
		});
	}

	@Test
	void backsOffWithoutActuator() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WeaveSanitizingAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> assertThat(context).doesNotHaveBean(SanitizingFunction.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(WeaveProperties.class)
	static class PropertiesConfiguration {

	}

}
