package io.weave.spring.boot.autoconfigure.health;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.weave.client.WeaveClient;
import io.weave.spring.boot.autoconfigure.WeaveTestSupport;
import io.weave.test.WeaveServerExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WeaveHealthContributorAutoConfiguration}.
 */
class WeaveHealthContributorAutoConfigurationTests {

	@RegisterExtension
	static WeaveServerExtension weave = new WeaveServerExtension();

	@TempDir
	Path walDirectory;

	private ApplicationContextRunner runner() {
		return WeaveTestSupport.runner(weave.server(), this.walDirectory,
				WeaveHealthContributorAutoConfiguration.class);
	}

	@Test
	void registersTheIndicator() {
		runner().run((context) -> assertThat(context).hasSingleBean(WeaveHealthIndicator.class)
			.hasBean("weaveHealthIndicator"));
	}

	@Test
	void backsOffWhenDisabled() {
		runner().withPropertyValues("management.health.weave.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WeaveHealthIndicator.class));
	}

	@Test
	void backsOffWithoutSpringBootHealth() {
		runner().withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasSingleBean(WeaveClient.class)
				.doesNotHaveBean(WeaveHealthIndicator.class));
	}

}
