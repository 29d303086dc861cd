package io.weave.client;

import java.net.URI;

import io.weave.client.internal.ClientInfo;
import io.weave.client.internal.StatsRecorder;
import io.weave.client.internal.json.Limits;
import io.weave.client.internal.json.Redactor;
import io.weave.client.internal.sender.MemoryRequestQueue;
import io.weave.client.internal.sender.RecentDeadLetters;
import io.weave.client.internal.sender.RetryPolicy;
import io.weave.client.internal.sender.Sender;
import io.weave.client.internal.sender.SenderSettings;
import io.weave.client.internal.transport.HttpTransport;
import io.weave.client.internal.transport.TransportSettings;

/** Assembles a client from a validated builder: queue, transport and sender. */
final class WeaveClientFactory {

	private WeaveClientFactory() {
	}

	static WeaveClient create(WeaveClientBuilder builder, ProjectId project, String apiKey, URI baseUrl) {
		StatsRecorder stats = new StatsRecorder();
		MemoryRequestQueue queue = new MemoryRequestQueue(builder.queueCapacity(), MemoryRequestQueue.DEFAULT_MAX_BYTES,
				stats);
		HttpTransport transport = new HttpTransport(new TransportSettings(baseUrl, apiKey, builder.connectTimeout(),
				builder.requestTimeout(), ClientInfo.userAgent()));
		Sender sender = new Sender(queue, transport, senderSettings(builder), stats, new RecentDeadLetters());
		WeaveClient client = new WeaveClient(clientSettings(builder, project), queue, sender, stats);
		sender.start();
		return client;
	}

	private static SenderSettings senderSettings(WeaveClientBuilder builder) {
		RetryPolicy defaults = RetryPolicy.defaults();
		RetryPolicy retry = new RetryPolicy(builder.initialBackoff(),
				max(builder.initialBackoff(), builder.maxBackoff()), defaults.multiplier(), builder.maxRetries(),
				defaults.maxRetryAfter());
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

	private static java.time.Duration max(java.time.Duration a, java.time.Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

}
