package io.weave.client;

import java.util.Locale;
import java.util.function.Function;

/**
 * Weave's usual environment variables, read the way the official SDKs read them.
 */
public final class WeaveEnvironment {

	/** The W&amp;B API key. */
	public static final String API_KEY = "WANDB_API_KEY";

	/** An explicit trace-server URL; wins over everything else. */
	public static final String TRACE_SERVER_URL = "WF_TRACE_SERVER_URL";

	/** A dedicated or self-managed W&amp;B host; its trace server is {@code <host>/traces}. */
	public static final String WANDB_BASE_URL = "WANDB_BASE_URL";

	/** The project, {@code entity/project}. */
	public static final String PROJECT = "WEAVE_PROJECT";

	/** {@code true} routes requests through the on-disk write-ahead log. */
	public static final String ENABLE_WAL = "WEAVE_ENABLE_WAL";

	/** {@code true} writes the write-ahead log but never sends it (wal-only mode). */
	public static final String DISABLE_WAL_SENDER = "WEAVE_DISABLE_WAL_SENDER";

	/** The public trace server. */
	public static final String DEFAULT_TRACE_SERVER_URL = "https://trace.wandb.ai";

	private static final String DEFAULT_WANDB_BASE_URL = "https://api.wandb.ai";

	private final Function<String, String> variables;

	private WeaveEnvironment(Function<String, String> variables) {
		this.variables = variables;
	}

	/** The process environment. */
	public static WeaveEnvironment system() {
		return new WeaveEnvironment(System::getenv);
	}

	/** Variables from any source, e.g. a map in a test or Spring's {@code Environment}. */
	public static WeaveEnvironment of(Function<String, String> variables) {
		return new WeaveEnvironment(variables);
	}

	public String get(String name) {
		String value = this.variables.apply(name);
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	public String apiKey() {
		return get(API_KEY);
	}

	public String project() {
		return get(PROJECT);
	}

	/**
	 * The trace-server URL: {@code WF_TRACE_SERVER_URL} if set, else {@code <WANDB_BASE_URL>/traces}
	 * for a non-default W&amp;B host, else {@value #DEFAULT_TRACE_SERVER_URL}.
	 */
	public String traceServerUrl() {
		String explicit = get(TRACE_SERVER_URL);
		if (explicit != null) {
			return stripTrailingSlash(explicit);
		}
		String wandb = get(WANDB_BASE_URL);
		if (wandb != null && !isDefaultWandbHost(wandb)) {
			return stripTrailingSlash(wandb) + "/traces";
		}
		return DEFAULT_TRACE_SERVER_URL;
	}

	/** Whether a boolean variable is set to a true value ({@code true}, {@code 1}, {@code yes}). */
	public boolean isTrue(String name) {
		String value = get(name);
		return value != null && switch (value.toLowerCase(Locale.ROOT)) {
			case "true", "1", "yes", "on" -> true;
			default -> false;
		};
	}

	private static boolean isDefaultWandbHost(String url) {
		String normalized = stripTrailingSlash(url).toLowerCase(Locale.ROOT);
		return normalized.equals(DEFAULT_WANDB_BASE_URL) || normalized.equals("https://wandb.ai")
				|| normalized.equals("https://api.wandb.ai");
	}

	static String stripTrailingSlash(String url) {
		String result = url;
		while (result.endsWith("/")) {
			result = result.substring(0, result.length() - 1);
		}
		return result;
	}

}
