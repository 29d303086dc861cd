package io.weave.client.internal.transport;

import java.net.URI;
import java.time.Duration;

/**
 * How to reach the trace server.
 *
 * @param baseUrl the trace server, e.g. {@code https://trace.wandb.ai}; may carry a path prefix
 * @param apiKey the W&amp;B API key, sent as the password of HTTP Basic user {@code api}
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long to wait for a response once the request is under way
 * @param userAgent the {@code User-Agent} header
 */
public record TransportSettings(URI baseUrl, String apiKey, Duration connectTimeout, Duration requestTimeout,
		String userAgent) {

	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

	public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

	public TransportSettings {
		if (baseUrl == null || baseUrl.getScheme() == null || baseUrl.getHost() == null) {
			throw new IllegalArgumentException("Trace server URL must be absolute, got '" + baseUrl + "'");
		}
		if (apiKey == null || apiKey.isBlank()) {
			throw new IllegalArgumentException("An API key is required");
		}
		connectTimeout = (connectTimeout != null) ? connectTimeout : DEFAULT_CONNECT_TIMEOUT;
		requestTimeout = (requestTimeout != null) ? requestTimeout : DEFAULT_REQUEST_TIMEOUT;
		userAgent = (userAgent != null) ? userAgent : defaultUserAgent();
	}

	/** Settings with default timeouts and user agent. */
	public static TransportSettings of(String baseUrl, String apiKey) {
		return new TransportSettings(URI.create(baseUrl), apiKey, null, null, null);
	}

	public TransportSettings withTimeouts(Duration connectTimeout, Duration requestTimeout) {
		return new TransportSettings(this.baseUrl, this.apiKey, connectTimeout, requestTimeout, this.userAgent);
	}

	public TransportSettings withUserAgent(String userAgent) {
		return new TransportSettings(this.baseUrl, this.apiKey, this.connectTimeout, this.requestTimeout, userAgent);
	}

	/** {@code weave-java/<version>}, the version taken from the jar manifest when there is one. */
	public static String defaultUserAgent() {
		String version = TransportSettings.class.getPackage().getImplementationVersion();
		return "weave-java/" + ((version != null) ? version : "dev");
	}

	@Override
	public String toString() {
		return "TransportSettings[baseUrl=" + this.baseUrl + ", apiKey=(hidden), connectTimeout=" + this.connectTimeout
				+ ", requestTimeout=" + this.requestTimeout + ", userAgent=" + this.userAgent + "]";
	}

}
