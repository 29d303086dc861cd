package io.weave.benchmarks;

import java.nio.file.Path;
import java.time.Duration;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import tools.jackson.databind.json.JsonMapper;

import io.weave.client.WalFsyncPolicy;
import io.weave.client.WeaveClient;
import io.weave.client.WeaveClientBuilder;
import io.weave.client.WeaveEnvironment;
import io.weave.test.FakeWeaveServer;

/**
 * The method whose tracing {@link CallOverheadBenchmark} and {@link CallCost} measure, and
 * what both trace it with, so that the two measure the very same thing.
 */
final class CallFixture {

	/** The op name of the traced method, and the name of its span. */
	static final String OP = "answer";

	/** The question argument of the traced method. */
	static final String QUESTION = "Where is my order?";

	private static final String[] ANSWERS = { "It shipped on Monday.", "It is on its way.", "It was delivered.",
			"It is in the warehouse." };

	private static final AttributeKey<String> QUESTION_ATTRIBUTE = AttributeKey.stringKey("question");

	private static final AttributeKey<Long> LIMIT_ATTRIBUTE = AttributeKey.longKey("limit");

	private CallFixture() {
	}

	/** The method being traced; {@code limit} is from 0 to 3. */
	static String answer(String question, int limit) {
		return ANSWERS[limit];
	}

	/**
	 * {@link #answer} in a span with its two arguments as attributes: what {@code @WithSpan}
	 * with {@code @SpanAttribute}s does.
	 */
	static String span(Tracer tracer, String question, int limit) {
		Span span = tracer.spanBuilder(OP)
			.setAttribute(QUESTION_ATTRIBUTE, question)
			.setAttribute(LIMIT_ATTRIBUTE, (long) limit)
			.startSpan();
		try (io.opentelemetry.context.Scope scope = span.makeCurrent()) {
			return answer(question, limit);
		}
		catch (RuntimeException ex) {
			span.recordException(ex);
			span.setStatus(StatusCode.ERROR);
			throw ex;
		}
		finally {
			span.end();
		}
	}

	/** An SDK tracer provider that batches spans and exports them to nowhere; shut it down after use. */
	static SdkTracerProvider tracerProvider() {
		return SdkTracerProvider.builder()
			.addSpanProcessor(BatchSpanProcessor.builder(new DiscardingSpanExporter()).build())
			.build();
	}

	static Tracer tracer(SdkTracerProvider provider) {
		return provider.get("io.weave.benchmarks");
	}

	/** The mapper of the bare serialization baseline. */
	static JsonMapper jsonMapper() {
		return JsonMapper.builder().build();
	}

	/**
	 * A client of {@code server} for {@code project}. {@code outbox}: {@code wal}, the log with
	 * interval fsync in {@code directory}, sent; {@code wal-only}, the log, not sent;
	 * {@code memory}, no log.
	 */
	static WeaveClient client(FakeWeaveServer server, String project, String outbox, Path directory) {
		WeaveClientBuilder builder = WeaveClient.builder()
			.project(project)
			.baseUrl(server.baseUrl())
			.environment(WeaveEnvironment.of((name) -> null))
			.batchInterval(Duration.ofMillis(200))
			.closeTimeout(Duration.ZERO);
		if (!outbox.equals("wal-only")) {
			builder.apiKey(server.apiKey());
		}
		if (!outbox.equals("memory")) {
			builder.wal(true)
				.walDirectory(directory)
				.walFsync(WalFsyncPolicy.INTERVAL)
				.walMaxBytes(64L * 1024 * 1024 * 1024);
		}
		return builder.build();
	}

}
