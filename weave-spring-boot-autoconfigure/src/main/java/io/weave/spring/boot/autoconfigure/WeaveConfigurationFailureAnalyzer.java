package io.weave.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.weave.client.WeaveConfigurationException;

/**
 * Explains a {@link WeaveConfigurationException} at startup: what was wrong and which
 * {@code weave.*} property (or environment variable) to change.
 */
class WeaveConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<WeaveConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WeaveConfigurationException cause) {
		String property = propertyName(cause.getProperty());
		String description = "Weave tracing could not be configured. " + cause.getMessage();
		return new FailureAnalysis(description, action(property), cause);
	}

	/** The {@code weave.*} property behind one of the client builder's setting names. */
	static String propertyName(String setting) {
		if (setting == null) {
			return "weave";
		}
		return switch (setting) {
			case "close-timeout" -> "weave.shutdown.flush-timeout";
			default -> "weave." + setting;
		};
	}

	private static String action(String property) {
		return switch (property) {
			case "weave.project" -> "Set 'weave.project' (or the WEAVE_PROJECT environment variable) to your Weave "
					+ "project as 'entity/project', for example 'my-team/support-bot'. To run without Weave tracing, "
					+ "set 'weave.enabled=false'.";
			case "weave.api-key" -> "Set 'weave.api-key' (or the WANDB_API_KEY environment variable) to your W&B API "
					+ "key from https://wandb.ai/authorize, or set neither to keep traces in the write-ahead log only.";
			case "weave.base-url" -> "Set 'weave.base-url' (or the WF_TRACE_SERVER_URL environment variable) to the "
					+ "trace server's http(s) URL, for example 'https://trace.wandb.ai', or remove it to use that default.";
			case "weave.wal.dir" -> "Set 'weave.wal.dir' to a directory the application can create and write to, "
					+ "of its user alone: not a symbolic link, owned by that user, not writable by group or others "
					+ "(chmod 700). With an API key set, 'weave.wal.enabled=false' turns the write-ahead log off instead.";
			case "weave.tracing.include", "weave.tracing.exclude" -> "Correct the AspectJ pointcut expressions in '"
					+ property + "', for example 'within(com.example.support..*)' or 'bean(*Service)'.";
			default -> "Update '" + property + "' in your application's configuration.";
		};
	}

}
