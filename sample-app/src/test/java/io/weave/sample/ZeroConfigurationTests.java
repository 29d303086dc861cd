package io.weave.sample;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.weave.client.WeaveBacklog;
import io.weave.client.WeaveClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without an API key the sample app starts anyway and keeps its traces on disk.
 */
class ZeroConfigurationTests {

	@TempDir
	Path walDirectory;

	@Test
	void startsInWalOnlyModeWithTheBacklogOnDisk() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off", "WANDB_API_KEY=",
					"weave.wal.dir=" + this.walDirectory)
			.run()) {
			assertThat(((WebServerApplicationContext) context).getWebServer().getPort()).isPositive();
			context.getBean(SupportAssistant.class).answer(SupportController.DEMO_TICKET, false);
			WeaveBacklog backlog = context.getBean(WeaveClient.class).backlog();
			assertThat(backlog.mode()).isEqualTo("wal-only");
			assertThat(backlog.senderState()).isEqualTo("disabled");
			assertThat(backlog.pendingRecords()).isPositive();
			assertThat(this.walDirectory.resolve("demo/support-assistant")).isDirectory();
		}
	}

}
