package io.weave.spring.boot.autoconfigure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.weave.test.FakeWeaveServer;

/** Properties and context runners that point the auto-configured client at a fake trace server. */
public final class WeaveTestSupport {

	public static final String PROJECT = "test-team/test-project";

	private WeaveTestSupport() {
	}

	/**
	 * Properties for a client that sends to {@code server} quickly and keeps its write-ahead
	 * log in {@code walDirectory}.
	 */
	public static String[] properties(FakeWeaveServer server, Path walDirectory) {
		return new String[] { "weave.project=" + PROJECT, "weave.api-key=" + server.apiKey(),
				"weave.base-url=" + server.baseUrl(), "weave.wal.dir=" + walDirectory, "weave.batch-interval=10ms",
				"weave.initial-backoff=10ms", "weave.max-backoff=100ms" };
	}

	/**
	 * A runner of {@link WeaveAutoConfiguration} and {@code autoConfigurations}, with no
	 * properties.
	 */
	public static ApplicationContextRunner runner(Class<?>... autoConfigurations) {
		List<Class<?>> classes = new ArrayList<>();
		classes.add(WeaveAutoConfiguration.class);
		classes.addAll(List.of(autoConfigurations));
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(classes.toArray(Class[]::new)));
	}

	/**
	 * A runner of {@link WeaveAutoConfiguration} and {@code autoConfigurations} whose client
	 * sends to {@code server}, with the {@link #properties(FakeWeaveServer, Path) properties}
	 * above.
	 */
	public static ApplicationContextRunner runner(FakeWeaveServer server, Path walDirectory,
			Class<?>... autoConfigurations) {
		return runner(autoConfigurations).withPropertyValues(properties(server, walDirectory));
	}

}
