package io.weave.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weave.client.internal.json.Limits;
import io.weave.client.internal.json.Redactor;

/**
 * Configures a {@link WeaveClient}. Values set here win over the environment given with
 * {@link #environment(WeaveEnvironment)}.
 */
public final class WeaveClientBuilder {

	private static final Logger logger = LoggerFactory.getLogger(WeaveClient.class);

	private String project;

	private String apiKey;

	private String baseUrl;

	private WeaveEnvironment environment = WeaveEnvironment.of((name) -> null);

	private Collection<String> redactKeys = Redactor.DEFAULT_KEYS;

	private int maxStringChars = Limits.defaults().maxStringChars();

	private int maxCollectionItems = Limits.defaults().maxItems();

	private int maxValueBytes = Limits.defaults().maxValueBytes();

	private int batchSize = 100;

	private Duration batchInterval = Duration.ofMillis(500);

	private int queueCapacity = 100_000;

	private int maxRetries = 10;

	private Duration initialBackoff = Duration.ofMillis(500);

	private Duration maxBackoff = Duration.ofSeconds(30);

	private Duration connectTimeout = Duration.ofSeconds(10);

	private Duration requestTimeout = Duration.ofSeconds(30);

	private boolean callsCompleteMode;

	private Duration closeTimeout = Duration.ofSeconds(10);

	private Duration progressInterval = Duration.ofSeconds(1);

	private Boolean walEnabled;

	private Boolean walSending;

	private Path walDirectory = Path.of(".weave", "wal");

	private WalFsyncPolicy walFsync = WalFsyncPolicy.INTERVAL;

	private long walSegmentBytes = 64L * 1024 * 1024;

	private long walMaxBytes = 1024L * 1024 * 1024;

	private Duration walMaxAge;

	private WalFullPolicy walFullPolicy = WalFullPolicy.DROP_NEWEST;

	private Duration walBlockTimeout = Duration.ofSeconds(1);

	WeaveClientBuilder() {
	}

	/** The project, {@code entity/project}. Falls back to {@code WEAVE_PROJECT}. */
	public WeaveClientBuilder project(String project) {
		this.project = project;
		return this;
	}

	/** The W&amp;B API key. Falls back to {@code WANDB_API_KEY}. Never logged or written to disk. */
	public WeaveClientBuilder apiKey(String apiKey) {
		this.apiKey = apiKey;
		return this;
	}

	/**
	 * The trace server's URL. Falls back to {@code WF_TRACE_SERVER_URL}, then
	 * {@code <WANDB_BASE_URL>/traces} for a dedicated W&amp;B host, then
	 * {@code https://trace.wandb.ai}.
	 */
	public WeaveClientBuilder baseUrl(String baseUrl) {
		this.baseUrl = baseUrl;
		return this;
	}

	/** Where unset values come from; {@link WeaveEnvironment#system()} for the process environment. */
	public WeaveClientBuilder environment(WeaveEnvironment environment) {
		this.environment = environment;
		return this;
	}

	/**
	 * Keys whose values are replaced by {@code "REDACTED"} at any depth and in exception messages,
	 * ignoring case and the separators {@code _ - .} ({@code apiKey} is {@code api_key}); these replace
	 * the defaults listed in the README.
	 */
	public WeaveClientBuilder redactKeys(Collection<String> keys) {
		this.redactKeys = List.copyOf(keys);
		return this;
	}

	/** Longest string value kept; longer ones are cut with a truncation marker. */
	public WeaveClientBuilder maxStringChars(int maxStringChars) {
		this.maxStringChars = positive("max-string-chars", maxStringChars);
		return this;
	}

	/** Most elements kept of a collection, array or map; the rest is replaced by a marker. */
	public WeaveClientBuilder maxCollectionItems(int maxCollectionItems) {
		this.maxCollectionItems = positive("max-collection-items", maxCollectionItems);
		return this;
	}

	/** Largest serialized inputs or output of one call; larger ones are replaced by a marker with a preview. */
	public WeaveClientBuilder maxValueBytes(int maxValueBytes) {
		if (maxValueBytes < Limits.MIN_VALUE_BYTES) {
			throw new WeaveConfigurationException("max-value-bytes",
					"max-value-bytes must be at least " + Limits.MIN_VALUE_BYTES + ", was " + maxValueBytes);
		}
		this.maxValueBytes = maxValueBytes;
		return this;
	}

	/** Most call records in one upload. */
	public WeaveClientBuilder batchSize(int batchSize) {
		this.batchSize = positive("batch-size", batchSize);
		return this;
	}

	/** How long a request may wait for others to share its upload. */
	public WeaveClientBuilder batchInterval(Duration batchInterval) {
		this.batchInterval = nonNegative("batch-interval", batchInterval);
		return this;
	}

	/** Most requests buffered in memory; further requests are dropped and counted. */
	public WeaveClientBuilder queueCapacity(int queueCapacity) {
		this.queueCapacity = positive("queue-capacity", queueCapacity);
		return this;
	}

	/** Retries of a failed upload (network error, 429, 5xx) before it is dropped. */
	public WeaveClientBuilder maxRetries(int maxRetries) {
		if (maxRetries < 0) {
			throw new WeaveConfigurationException("max-retries", "max-retries must be 0 or more, was " + maxRetries);
		}
		this.maxRetries = maxRetries;
		return this;
	}

	/** Backoff before the first retry; it doubles up to {@code maxBackoff}, with jitter. */
	public WeaveClientBuilder backoff(Duration initialBackoff, Duration maxBackoff) {
		this.initialBackoff = nonNegative("initial-backoff", initialBackoff);
		this.maxBackoff = nonNegative("max-backoff", maxBackoff);
		return this;
	}

	public WeaveClientBuilder connectTimeout(Duration connectTimeout) {
		this.connectTimeout = nonNegative("connect-timeout", connectTimeout);
		return this;
	}

	public WeaveClientBuilder requestTimeout(Duration requestTimeout) {
		this.requestTimeout = nonNegative("request-timeout", requestTimeout);
		return this;
	}

	/**
	 * Send calls through {@code /v2/{entity}/{project}/calls/complete} from the start. The client
	 * switches by itself when the server asks for it.
	 */
	public WeaveClientBuilder callsCompleteMode(boolean callsCompleteMode) {
		this.callsCompleteMode = callsCompleteMode;
		return this;
	}

	/** How long {@link WeaveClient#close()} waits for pending requests. */
	public WeaveClientBuilder closeTimeout(Duration closeTimeout) {
		this.closeTimeout = nonNegative("close-timeout", closeTimeout);
		return this;
	}

	/** How often {@link WeaveClient#finish} reports progress. */
	public WeaveClientBuilder progressInterval(Duration progressInterval) {
		this.progressInterval = nonNegative("progress-interval", progressInterval);
		return this;
	}

	/**
	 * Whether requests go through the on-disk write-ahead log before upload, so that nothing that
	 * reached the disk is lost by a crash or an outage. Falls back to {@code WEAVE_ENABLE_WAL};
	 * off by default.
	 */
	public WeaveClientBuilder wal(boolean enabled) {
		this.walEnabled = enabled;
		return this;
	}

	/**
	 * Whether this process sends what its write-ahead log holds. {@code false} is wal-only mode:
	 * records stay on disk for a later run (or another process) to send. Falls back to
	 * {@code WEAVE_DISABLE_WAL_SENDER}; on by default, and off when there is no API key.
	 */
	public WeaveClientBuilder walSending(boolean sending) {
		this.walSending = sending;
		return this;
	}

	/** The write-ahead log's base directory; default {@code .weave/wal} under the working directory. */
	public WeaveClientBuilder walDirectory(Path directory) {
		this.walDirectory = directory;
		return this;
	}

	/** When appended records are forced to disk; default {@link WalFsyncPolicy#INTERVAL}. */
	public WeaveClientBuilder walFsync(WalFsyncPolicy fsync) {
		this.walFsync = fsync;
		return this;
	}

	/** The size at which a log segment is rotated; default 64 MiB. */
	public WeaveClientBuilder walSegmentBytes(long segmentBytes) {
		this.walSegmentBytes = positive("wal.segment-bytes", segmentBytes);
		return this;
	}

	/** The bound on the project's log directory; default 1 GiB. */
	public WeaveClientBuilder walMaxBytes(long maxBytes) {
		this.walMaxBytes = positive("wal.max-bytes", maxBytes);
		return this;
	}

	/** Records older than this are discarded, counted, instead of sent; default: kept until sent. */
	public WeaveClientBuilder walMaxAge(Duration maxAge) {
		this.walMaxAge = (maxAge != null) ? positive("wal.max-age", maxAge) : null;
		return this;
	}

	/** What an append does when the log is full, and how long {@link WalFullPolicy#BLOCK} waits. */
	public WeaveClientBuilder walFullPolicy(WalFullPolicy policy, Duration blockTimeout) {
		this.walFullPolicy = policy;
		this.walBlockTimeout = nonNegative("wal.block-timeout", blockTimeout);
		return this;
	}

	/**
	 * Builds the client and starts its sender.
	 * @throws WeaveConfigurationException if the project is missing or malformed, the API key is
	 * missing without the write-ahead log (with it, the client runs wal-only), the base URL is
	 * not an http(s) URL, or the log's directory cannot be used
	 */
	public WeaveClient build() {
		ProjectId projectId = ProjectId.parse((this.project != null) ? this.project : this.environment.project());
		String key = (this.apiKey != null && !this.apiKey.isBlank()) ? this.apiKey.trim() : this.environment.apiKey();
		if (key == null && !walEnabled()) {
			throw new WeaveConfigurationException("api-key", "No Weave API key: set WANDB_API_KEY or "
					+ "WeaveClient.builder().apiKey(…), or enable the write-ahead log to keep traces on disk until a "
					+ "key is configured. Find your key at https://wandb.ai/authorize.");
		}
		URI url = validUrl((this.baseUrl != null) ? this.baseUrl : this.environment.traceServerUrl());
		if (key == null) {
			logger.warn("Weave: no API key (WANDB_API_KEY) is configured, so traces of {} are only written to the "
					+ "write-ahead log in {}; they are sent once a key is configured and the application restarts.",
					projectId, this.walDirectory.toAbsolutePath());
		}
		return WeaveClientFactory.create(this, projectId, key, url);
	}

	private static URI validUrl(String value) {
		String trimmed = WeaveEnvironment.stripTrailingSlash(value.trim());
		try {
			URI uri = URI.create(trimmed);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
				return uri;
			}
		}
		catch (IllegalArgumentException ex) {
			// reported below
		}
		throw new WeaveConfigurationException("base-url", "Invalid Weave trace server URL '" + trimmed
				+ "'. Expected an http(s) URL such as https://trace.wandb.ai or http://127.0.0.1:8765.");
	}

	private static int positive(String name, int value) {
		if (value <= 0) {
			throw new WeaveConfigurationException(name, name + " must be positive, was " + value);
		}
		return value;
	}

	private static long positive(String name, long value) {
		if (value <= 0) {
			throw new WeaveConfigurationException(name, name + " must be positive, was " + value);
		}
		return value;
	}

	private static Duration positive(String name, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new WeaveConfigurationException(name, name + " must be positive, was " + value);
		}
		return value;
	}

	private static Duration nonNegative(String name, Duration value) {
		if (value == null || value.isNegative()) {
			throw new WeaveConfigurationException(name, name + " must be zero or more, was " + value);
		}
		return value;
	}

	Collection<String> redactKeys() {
		return this.redactKeys;
	}

	int maxStringChars() {
		return this.maxStringChars;
	}

	int maxCollectionItems() {
		return this.maxCollectionItems;
	}

	int maxValueBytes() {
		return this.maxValueBytes;
	}

	int batchSize() {
		return this.batchSize;
	}

	Duration batchInterval() {
		return this.batchInterval;
	}

	int queueCapacity() {
		return this.queueCapacity;
	}

	int maxRetries() {
		return this.maxRetries;
	}

	Duration initialBackoff() {
		return this.initialBackoff;
	}

	Duration maxBackoff() {
		return this.maxBackoff;
	}

	Duration connectTimeout() {
		return this.connectTimeout;
	}

	Duration requestTimeout() {
		return this.requestTimeout;
	}

	boolean callsCompleteMode() {
		return this.callsCompleteMode;
	}

	Duration closeTimeout() {
		return this.closeTimeout;
	}

	Duration progressInterval() {
		return this.progressInterval;
	}

	boolean walEnabled() {
		return (this.walEnabled != null) ? this.walEnabled : this.environment.isTrue(WeaveEnvironment.ENABLE_WAL);
	}

	/** Whether sending is on, before taking a missing API key into account. */
	boolean walSending() {
		return (this.walSending != null) ? this.walSending
				: !this.environment.isTrue(WeaveEnvironment.DISABLE_WAL_SENDER);
	}

	Path walDirectory() {
		return this.walDirectory;
	}

	WalFsyncPolicy walFsync() {
		return this.walFsync;
	}

	long walSegmentBytes() {
		return this.walSegmentBytes;
	}

	long walMaxBytes() {
		return this.walMaxBytes;
	}

	Duration walMaxAge() {
		return this.walMaxAge;
	}

	WalFullPolicy walFullPolicy() {
		return this.walFullPolicy;
	}

	Duration walBlockTimeout() {
		return this.walBlockTimeout;
	}

}
