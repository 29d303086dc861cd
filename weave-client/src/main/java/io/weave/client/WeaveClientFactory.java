package io.weave.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

import io.weave.client.internal.ClientInfo;
import io.weave.client.internal.MemoryOutbox;
import io.weave.client.internal.Outbox;
import io.weave.client.internal.StatsRecorder;
import io.weave.client.internal.WalOutbox;
import io.weave.client.internal.json.Limits;
import io.weave.client.internal.json.Redactor;
import io.weave.client.internal.sender.DeadLetterSink;
import io.weave.client.internal.sender.HeldDeadLetters;
import io.weave.client.internal.sender.MemoryRequestQueue;
import io.weave.client.internal.sender.RecentDeadLetters;
import io.weave.client.internal.sender.RequestSource;
import io.weave.client.internal.sender.RetryPolicy;
import io.weave.client.internal.sender.Sender;
import io.weave.client.internal.sender.SenderSettings;
import io.weave.client.internal.sender.WalRequestSource;
import io.weave.client.internal.transport.HttpTransport;
import io.weave.client.internal.transport.TransportSettings;
import io.weave.client.internal.wal.FsyncPolicy;
import io.weave.client.internal.wal.FullPolicy;
import io.weave.client.internal.wal.UnsafeDirectoryException;
import io.weave.client.internal.wal.Wal;
import io.weave.client.internal.wal.WalSettings;

/** Assembles a client from a validated builder: outbox (memory or write-ahead log), transport, sender. */
final class WeaveClientFactory {

	private static final long MIB = 1024 * 1024;

	private WeaveClientFactory() {
	}

	/**
	 * @param apiKey the API key, or {@code null} for wal-only mode
	 */
	static WeaveClient create(WeaveClientBuilder builder, ProjectId project, String apiKey, URI baseUrl) {
		StatsRecorder stats = new StatsRecorder();
		Outbox outbox = builder.walEnabled() ? walOutbox(builder, project, apiKey, baseUrl, stats)
				: memoryOutbox(builder, apiKey, baseUrl, stats);
		return new WeaveClient(clientSettings(builder, project), outbox, stats);
	}

	private static Outbox memoryOutbox(WeaveClientBuilder builder, String apiKey, URI baseUrl, StatsRecorder stats) {
		MemoryRequestQueue queue = new MemoryRequestQueue(builder.queueCapacity(), MemoryRequestQueue.DEFAULT_MAX_BYTES,
				stats);
		HeldDeadLetters deadLetters = new HeldDeadLetters(HeldDeadLetters.DEFAULT_MAX_BYTES, new RecentDeadLetters());
		Sender sender = sender(builder, queue, deadLetters, apiKey, baseUrl, stats, builder.maxRetries());
		return new MemoryOutbox(queue, sender, stats, deadLetters);
	}

	private static Outbox walOutbox(WeaveClientBuilder builder, ProjectId project, String apiKey, URI baseUrl,
			StatsRecorder stats) {
		boolean sending = builder.walSending() && apiKey != null;
		Wal wal = openWal(walSettings(builder, project).withSending(sending));
		if (!sending) {
			return new WalOutbox(wal, null, stats);
		}
		WalRequestSource source = new WalRequestSource(wal, new RecentDeadLetters());
		// Retryable failures keep their records on disk, so there is no reason to ever give up on them.
		Sender sender = sender(builder, source, source, apiKey, baseUrl, stats, Integer.MAX_VALUE);
		return new WalOutbox(wal, sender, stats);
	}

	private static Sender sender(WeaveClientBuilder builder, RequestSource source,
			DeadLetterSink deadLetters, String apiKey, URI baseUrl, StatsRecorder stats,
			int maxRetries) {
		HttpTransport transport = new HttpTransport(new TransportSettings(baseUrl, apiKey, builder.connectTimeout(),
				builder.requestTimeout(), ClientInfo.userAgent()));
		Sender sender = new Sender(source, transport, senderSettings(builder, maxRetries), stats, deadLetters);
		sender.start();
		return sender;
	}

	private static Wal openWal(WalSettings settings) {
		try {
			return Wal.open(settings);
		}
		catch (UnsafeDirectoryException ex) {
			throw new WeaveConfigurationException("wal.dir", "Refusing '" + ex.getFile()
					+ "' for the Weave write-ahead log, since another user could redirect or truncate its files "
					+ "through it: " + ex.getReason() + ", or choose another directory with walDirectory(…) / "
					+ "weave.wal.dir.");
		}
		catch (IOException | RuntimeException ex) {
			throw new WeaveConfigurationException("wal.dir", "Cannot use '" + settings.directory().toAbsolutePath()
					+ "' for the Weave write-ahead log (" + ex.getMessage() + "). Make the directory writable by this "
					+ "process, or choose another with walDirectory(…) / weave.wal.dir.");
		}
	}

	private static WalSettings walSettings(WeaveClientBuilder builder, ProjectId project) {
		return WalSettings.of(builder.walDirectory(), project.toString())
			.withSegmentBytes(builder.walSegmentBytes())
			.withFsync(FsyncPolicy.valueOf(builder.walFsync().name()))
			.withMaxTotalBytes(builder.walMaxBytes())
			.withMaxSideFileBytes(sideFileBytes(builder.walMaxBytes()))
			.withMaxAge(builder.walMaxAge())
			.withFullPolicy(FullPolicy.valueOf(builder.walFullPolicy().name()), builder.walBlockTimeout())
			// A crash re-sends what was acknowledged after the last checkpoint: keep that tail short,
			// but a checkpoint costs two fsyncs on the sender's thread (about a millisecond), so not
			// shorter than a fraction of a second of a backlog being drained at full speed.
			.withCheckpointEvery(4096, Duration.ofMillis(200));
	}

	/**
	 * The bound on the dead-letter file (and the quarantine file): a sixteenth of the log's, 64
	 * MiB with the default 1 GiB, and at least 1 MiB.
	 */
	private static long sideFileBytes(long walMaxBytes) {
		return Math.max(MIB, walMaxBytes / 16);
	}

	private static SenderSettings senderSettings(WeaveClientBuilder builder, int maxRetries) {
		Duration maxBackoff = (builder.maxBackoff().compareTo(builder.initialBackoff()) >= 0) ? builder.maxBackoff()
				: builder.initialBackoff();
		// A server's Retry-After is honoured up to the longest backoff: anything longer is a server's mistake.
		RetryPolicy retry = new RetryPolicy(builder.initialBackoff(), maxBackoff,
				RetryPolicy.defaults().multiplier(), maxRetries, maxBackoff);
		return SenderSettings.defaults()
			.withBatchSize(builder.batchSize())
			.withBatchInterval(builder.batchInterval())
			.withCallsCompleteMode(builder.callsCompleteMode())
			.withRetry(retry);
	}

	private static WeaveClientSettings clientSettings(WeaveClientBuilder builder, ProjectId project) {
		Limits limits = Limits.defaults()
			.withMaxStringChars(builder.maxStringChars())
			.withMaxItems(builder.maxCollectionItems())
			.withMaxValueBytes(builder.maxValueBytes());
		return new WeaveClientSettings(project, limits, Redactor.of(builder.redactKeys()), builder.closeTimeout(),
				builder.progressInterval());
	}

}
