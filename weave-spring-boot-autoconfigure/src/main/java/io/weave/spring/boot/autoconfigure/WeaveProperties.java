package io.weave.spring.boot.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import io.weave.client.WalFsyncPolicy;
import io.weave.client.WalFullPolicy;

/**
 * Configuration properties for Weave tracing. Weave's own environment variables are
 * fallbacks for the settings they cover; an explicit {@code weave.*} property wins.
 */
@ConfigurationProperties("weave")
public class WeaveProperties {

	/**
	 * Whether to trace with Weave.
	 */
	private boolean enabled = true;

	/**
	 * Weave project that receives the traces, as 'entity/project'. Falls back to the
	 * WEAVE_PROJECT environment variable.
	 */
	private @Nullable String project;

	/**
	 * W&B API key. Falls back to the WANDB_API_KEY environment variable. Without a key,
	 * traces are kept in the write-ahead log until the application runs with one.
	 */
	private @Nullable String apiKey;

	/**
	 * URL of the Weave trace server. Falls back to the WF_TRACE_SERVER_URL environment
	 * variable, then to WANDB_BASE_URL + '/traces' for a dedicated W&B host, then to
	 * 'https://trace.wandb.ai'.
	 */
	private @Nullable String baseUrl;

	/**
	 * Longest string kept in a call's inputs or output; longer strings are truncated with a
	 * marker.
	 */
	private int maxStringChars = 65_536;

	/**
	 * Most elements kept of a collection, array or map in a call's inputs or output; the rest
	 * is replaced by a marker.
	 */
	private int maxCollectionItems = 1_000;

	/**
	 * Largest serialized inputs or output of one call; larger values are replaced by a marker
	 * with a preview.
	 */
	private DataSize maxValueBytes = DataSize.ofMegabytes(1);

	/**
	 * Most call records in one upload.
	 */
	private int batchSize = 100;

	/**
	 * How long a request may wait for others to share its upload.
	 */
	private Duration batchInterval = Duration.ofMillis(500);

	/**
	 * Most requests buffered in memory; further requests are dropped and counted.
	 */
	private int queueCapacity = 100_000;

	/**
	 * Retries of a failed upload (network error, 429, 5xx) before it is given up.
	 */
	private int maxRetries = 10;

	/**
	 * Backoff before the first retry; it doubles with each retry up to max-backoff, with
	 * jitter. A server's Retry-After is honoured.
	 */
	private Duration initialBackoff = Duration.ofMillis(500);

	/**
	 * Longest backoff between retries.
	 */
	private Duration maxBackoff = Duration.ofSeconds(30);

	/**
	 * Connect timeout of uploads.
	 */
	private Duration connectTimeout = Duration.ofSeconds(10);

	/**
	 * Timeout of one upload request.
	 */
	private Duration requestTimeout = Duration.ofSeconds(30);

	/**
	 * Whether to send calls through the trace server's 'calls complete' endpoint from the
	 * start. The client switches by itself when the server asks for it.
	 */
	private boolean callsCompleteMode;

	private final Redact redact = new Redact();

	private final Wal wal = new Wal();

	private final Shutdown shutdown = new Shutdown();

	private final Tracing tracing = new Tracing();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getProject() {
		return this.project;
	}

	public void setProject(@Nullable String project) {
		this.project = project;
	}

	public @Nullable String getApiKey() {
		return this.apiKey;
	}

	public void setApiKey(@Nullable String apiKey) {
		this.apiKey = apiKey;
	}

	public @Nullable String getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(@Nullable String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public int getMaxStringChars() {
		return this.maxStringChars;
	}

	public void setMaxStringChars(int maxStringChars) {
		this.maxStringChars = maxStringChars;
	}

	public int getMaxCollectionItems() {
		return this.maxCollectionItems;
	}

	public void setMaxCollectionItems(int maxCollectionItems) {
		this.maxCollectionItems = maxCollectionItems;
	}

	public DataSize getMaxValueBytes() {
		return this.maxValueBytes;
	}

	public void setMaxValueBytes(DataSize maxValueBytes) {
		this.maxValueBytes = maxValueBytes;
	}

	public int getBatchSize() {
		return this.batchSize;
	}

	public void setBatchSize(int batchSize) {
		this.batchSize = batchSize;
	}

	public Duration getBatchInterval() {
		return this.batchInterval;
	}

	public void setBatchInterval(Duration batchInterval) {
		this.batchInterval = batchInterval;
	}

	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	public void setQueueCapacity(int queueCapacity) {
		this.queueCapacity = queueCapacity;
	}

	public int getMaxRetries() {
		return this.maxRetries;
	}

	public void setMaxRetries(int maxRetries) {
		this.maxRetries = maxRetries;
	}

	public Duration getInitialBackoff() {
		return this.initialBackoff;
	}

	public void setInitialBackoff(Duration initialBackoff) {
		this.initialBackoff = initialBackoff;
	}

	public Duration getMaxBackoff() {
		return this.maxBackoff;
	}

	public void setMaxBackoff(Duration maxBackoff) {
		this.maxBackoff = maxBackoff;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public boolean isCallsCompleteMode() {
		return this.callsCompleteMode;
	}

	public void setCallsCompleteMode(boolean callsCompleteMode) {
		this.callsCompleteMode = callsCompleteMode;
	}

	public Redact getRedact() {
		return this.redact;
	}

	public Wal getWal() {
		return this.wal;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public Tracing getTracing() {
		return this.tracing;
	}

	/**
	 * Redaction of secrets in traced values.
	 */
	public static class Redact {

		/**
		 * Keys whose values are replaced by 'REDACTED' in inputs, outputs and exception
		 * messages, at any depth, ignoring case and the separators '_', '-' and '.' ('apiKey'
		 * is 'api_key'), in addition to the defaults: 'password', 'passwd', 'secret', 'token',
		 * 'api_key', 'auth_headers', 'authorization', 'cookie', 'set-cookie', 'x-api-key',
		 * 'private_key' and 'client_secret'.
		 */
		private List<String> keys = new ArrayList<>();

		public List<String> getKeys() {
			return this.keys;
		}

		public void setKeys(List<String> keys) {
			this.keys = keys;
		}

	}

	/**
	 * The on-disk write-ahead log that keeps traces through crashes, outages and restarts.
	 */
	public static class Wal {

		/**
		 * Whether requests go through the on-disk write-ahead log before upload. Falls back
		 * to the WEAVE_ENABLE_WAL environment variable; on by default.
		 */
		private @Nullable Boolean enabled;

		/**
		 * Whether this application sends what its write-ahead log holds. When off (wal-only
		 * mode) records stay on disk for a later run to send. Falls back to the negation of
		 * the WEAVE_DISABLE_WAL_SENDER environment variable; on by default, and off without
		 * an API key.
		 */
		private @Nullable Boolean senderEnabled;

		/**
		 * Base directory of the write-ahead log; it holds one subdirectory per project.
		 */
		private Path dir = Path.of(".weave", "wal");

		/**
		 * When appended records are forced to the storage device.
		 */
		private WalFsyncPolicy fsync = WalFsyncPolicy.INTERVAL;

		/**
		 * Size at which a log segment file is rotated.
		 */
		private DataSize segmentBytes = DataSize.ofMegabytes(64);

		/**
		 * Bound on the project's log directory; see full-policy for what happens at the
		 * bound.
		 */
		private DataSize maxBytes = DataSize.ofGigabytes(1);

		/**
		 * Age after which unsent records are discarded (and counted) instead of sent. Kept
		 * until sent when not set.
		 */
		private @Nullable Duration maxAge;

		/**
		 * What tracing does when the log has reached max-bytes: drop the new record, or
		 * block for up to block-timeout waiting for space, then drop.
		 */
		private WalFullPolicy fullPolicy = WalFullPolicy.DROP_NEWEST;

		/**
		 * Longest wait for space with the 'block' full-policy.
		 */
		private Duration blockTimeout = Duration.ofSeconds(1);

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Boolean getSenderEnabled() {
			return this.senderEnabled;
		}

		public void setSenderEnabled(@Nullable Boolean senderEnabled) {
			this.senderEnabled = senderEnabled;
		}

		public Path getDir() {
			return this.dir;
		}

		public void setDir(Path dir) {
			this.dir = dir;
		}

		public WalFsyncPolicy getFsync() {
			return this.fsync;
		}

		public void setFsync(WalFsyncPolicy fsync) {
			this.fsync = fsync;
		}

		public DataSize getSegmentBytes() {
			return this.segmentBytes;
		}

		public void setSegmentBytes(DataSize segmentBytes) {
			this.segmentBytes = segmentBytes;
		}

		public DataSize getMaxBytes() {
			return this.maxBytes;
		}

		public void setMaxBytes(DataSize maxBytes) {
			this.maxBytes = maxBytes;
		}

		public @Nullable Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(@Nullable Duration maxAge) {
			this.maxAge = maxAge;
		}

		public WalFullPolicy getFullPolicy() {
			return this.fullPolicy;
		}

		public void setFullPolicy(WalFullPolicy fullPolicy) {
			this.fullPolicy = fullPolicy;
		}

		public Duration getBlockTimeout() {
			return this.blockTimeout;
		}

		public void setBlockTimeout(Duration blockTimeout) {
			this.blockTimeout = blockTimeout;
		}

	}

	/**
	 * What happens to pending traces when the application shuts down.
	 */
	public static class Shutdown {

		/**
		 * How long shutdown waits for pending traces to reach the server, after the web
		 * server's graceful shutdown. What is not sent by then stays in the write-ahead log
		 * for the next start.
		 */
		private Duration flushTimeout = Duration.ofSeconds(10);

		public Duration getFlushTimeout() {
			return this.flushTimeout;
		}

		public void setFlushTimeout(Duration flushTimeout) {
			this.flushTimeout = flushTimeout;
		}

	}

	/**
	 * Which beans are traced besides those annotated with @WeaveOp.
	 */
	public static class Tracing {

		/**
		 * AspectJ pointcut expressions of further methods to trace, e.g.
		 * 'within(com.example.support..*)' or 'bean(*Service)'. Public methods of the
		 * matched beans are traced; beans of final classes are skipped.
		 */
		private List<String> include = new ArrayList<>();

		/**
		 * AspectJ pointcut expressions of methods not to trace even though 'include'
		 * matches them. Methods annotated with @WeaveOp are always traced.
		 */
		private List<String> exclude = new ArrayList<>();

		public List<String> getInclude() {
			return this.include;
		}

		public void setInclude(List<String> include) {
			this.include = include;
		}

		public List<String> getExclude() {
			return this.exclude;
		}

		public void setExclude(List<String> exclude) {
			this.exclude = exclude;
		}

	}

}
