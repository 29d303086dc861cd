package io.weave.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.json.JsonMapper;

import io.weave.client.FlushListener;
import io.weave.client.WeaveClient;
import io.weave.client.WeaveStats;
import io.weave.test.FakeWeaveServer;

/**
 * What tracing costs the thread that runs a traced method: one call with two small arguments
 * and a short string result, against the same method untraced, an OpenTelemetry span with the
 * two arguments as attributes ({@code @WithSpan} with {@code @SpanAttribute}s, through the SDK
 * with a {@link BatchSpanProcessor} and an exporter that discards), and a bare Jackson
 * serialization of the inputs and the output.
 * <p>
 * The traced variants run with the write-ahead log (interval fsync, the default) and without
 * it (in-memory queue); both upload to a fake trace server in the same JVM, so the sender
 * competes for the CPU as it would in an application. {@code wal-only} is the log without a
 * sender.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
public class CallOverheadBenchmark {

	/** The arguments of the traced method; varied a little so that nothing is constant-folded. */
	@State(Scope.Thread)
	public static class Arguments {

		String question = CallFixture.QUESTION;

		int limit;

		int next() {
			this.limit = (this.limit + 1) & 3;
			return this.limit;
		}

	}

	@Benchmark
	public String untraced(Arguments args) {
		return CallFixture.answer(args.question, args.next());
	}

	@Benchmark
	public String traced(TracedClient traced, Arguments args) {
		String question = args.question;
		int limit = args.next();
		return traced.client.call(CallFixture.OP, Map.of("question", question, "limit", limit),
				() -> CallFixture.answer(question, limit));
	}

	@Benchmark
	public String openTelemetrySpan(OpenTelemetry otel, Arguments args) {
		return CallFixture.span(otel.tracer, args.question, args.next());
	}

	@Benchmark
	public void jacksonInputsAndOutput(Jackson jackson, Arguments args, Blackhole blackhole) {
		int limit = args.next();
		String output = CallFixture.answer(args.question, limit);
		blackhole.consume(jackson.mapper.writeValueAsBytes(Map.of("question", args.question, "limit", limit)));
		blackhole.consume(jackson.mapper.writeValueAsBytes(output));
	}

	/** The target's baseline in one operation: a span around the method plus serializing its inputs and output. */
	@Benchmark
	public void openTelemetrySpanAndJackson(OpenTelemetry otel, Jackson jackson, Arguments args, Blackhole blackhole) {
		int limit = args.next();
		String output = CallFixture.span(otel.tracer, args.question, limit);
		blackhole.consume(jackson.mapper.writeValueAsBytes(Map.of("question", args.question, "limit", limit)));
		blackhole.consume(jackson.mapper.writeValueAsBytes(output));
	}

	/**
	 * A client per iteration, so that every iteration starts with an empty log and a server that
	 * holds nothing.
	 */
	@State(Scope.Benchmark)
	public static class TracedClient {

		/** {@code wal}: log with interval fsync, sent; {@code wal-only}: log, not sent; {@code memory}: no log. */
		@Param({ "wal", "memory", "wal-only" })
		public String outbox;

		FakeWeaveServer server;

		Path directory;

		WeaveClient client;

		@Setup(Level.Trial)
		public void startServer() {
			this.server = FakeWeaveServer.builder().strict(false).start();
		}

		@Setup(Level.Iteration)
		public void startClient() {
			this.server.reset();
			this.directory = TempDirectories.create("weave-bench-wal");
			this.client = CallFixture.client(this.server, "bench/overhead", this.outbox, this.directory);
		}

		@TearDown(Level.Iteration)
		public void stopClient() {
			WeaveStats stats = this.client.stats();
			long bytes = TempDirectories.size(this.directory);
			this.client.finish(Duration.ZERO, FlushListener.silent());
			System.out.printf("  [%s] calls %d, requests enqueued %d, sent %d, dropped %d, log %d MB%n", this.outbox,
					stats.callsEnded(), stats.requestsEnqueued(), stats.requestsSent(), stats.requestsDropped(),
					bytes >> 20);
			TempDirectories.delete(this.directory);
		}

		@TearDown(Level.Trial)
		public void stopServer() {
			this.server.close();
		}

	}

	@State(Scope.Benchmark)
	public static class OpenTelemetry {

		SdkTracerProvider provider;

		Tracer tracer;

		@Setup(Level.Trial)
		public void start() {
			this.provider = CallFixture.tracerProvider();
			this.tracer = CallFixture.tracer(this.provider);
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.provider.shutdown().join(10, TimeUnit.SECONDS);
		}

	}

	@State(Scope.Benchmark)
	public static class Jackson {

		final JsonMapper mapper = CallFixture.jsonMapper();

	}

}
