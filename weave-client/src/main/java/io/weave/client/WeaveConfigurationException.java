package io.weave.client;

/**
 * Thrown when the client is configured with a missing or malformed value. The message says
 * what was wrong and the form that is expected.
 */
public class WeaveConfigurationException extends IllegalArgumentException {

	private final String property;

	public WeaveConfigurationException(String property, String message) {
		super(message);
		this.property = property;
	}

	/** The setting that was wrong, e.g. {@code project} or {@code base-url}. */
	public String getProperty() {
		return this.property;
	}

}
