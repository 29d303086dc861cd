package io.weave.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import tools.jackson.databind.json.JsonMapper;

import io.weave.client.FlushListener;
import io.weave.client.WeaveClient;
import io.weave.test.FakeWeaveServer;

/**
 * The caller-thread cost of a traced call measured in CPU time, for a machine that other
 * processes share: JMH's wall-clock times include the time the benchmark thread was not
 * running, CPU time does not. The variants of {@link CallOverheadBenchmark} run interleaved, in a
 * new random order each round, and the medians over the rounds are reported, with the traced
 * variants as ratios of the baseline (an OpenTelemetry span plus serializing the inputs and
 * output with Jackson) measured in the same rounds.
 * <p>
 * Arguments: {@code [rounds] [calls per round]}, default 15 and 200,000; system property
 * {@code cost.outboxes} picks the traced variants (default {@code wal,memory,wal-only}).
 */
public final class CallCost {

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private static volatile Object sink;

	private CallCost() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 15;
		int calls = (args.length > 1) ? Integer.parseInt(args[1]) : 200_000;
		try (FakeWeaveServer server = FakeWeaveServer.builder().strict(false).start()) {
			SdkTracerProvider tracing = CallFixture.tracerProvider();
			Tracer tracer = CallFixture.tracer(tracing);
			JsonMapper mapper = CallFixture.jsonMapper();
			Map<String, Variant> variants = new LinkedHashMap<>();
			variants.put("untraced", new Variant(() -> (i) -> sink = answer(i), () -> { }));
			variants.put("otel span", new Variant(() -> (i) -> sink = span(tracer, i), () -> { }));
			variants.put("jackson", new Variant(() -> (i) -> jackson(mapper, i), () -> { }));
			variants.put("otel span + jackson", new Variant(() -> (i) -> {
				sink = span(tracer, i);
				jackson(mapper, i);
			}, () -> { }));
			for (String outbox : System.getProperty("cost.outboxes", "wal,memory,wal-only").split(",")) {
				variants.put("traced, " + outbox, new TracedVariant(server, outbox));
			}
			List<String> names = new ArrayList<>(variants.keySet());
			Map<String, List<double[]>> results = new LinkedHashMap<>();
			names.forEach((name) -> results.put(name, new ArrayList<>()));
			Random random = new Random(1);
			for (int round = -3; round < rounds; round++) {
				Collections.shuffle(names, random);
				for (String name : names) {
					double[] measured = variants.get(name).measure(calls);
					if (round >= 0) {
						results.get(name).add(measured);
					}
				}
				server.reset();
			}
			report(results, calls, rounds);
			for (Variant variant : variants.values()) {
				variant.close();
			}
			tracing.shutdown().join(10, TimeUnit.SECONDS);
		}
	}

	private static void report(Map<String, List<double[]>> results, int calls, int rounds) {
		System.out.printf("%d rounds of %d calls per variant, interleaved; medians (and min-max) per call%n", rounds,
				calls);
		System.out.printf("%-22s %22s %22s %10s %18s%n", "variant", "CPU ns", "wall ns", "bytes", "of CPU: kernel ns");
		for (Map.Entry<String, List<double[]>> entry : results.entrySet()) {
			List<double[]> runs = entry.getValue();
			System.out.printf("%-22s %22s %22s %10.0f %18.0f%n", entry.getKey(), spread(runs, 0), spread(runs, 1),
					median(runs, 2), median(runs, 3));
		}
		List<double[]> baseline = results.get("otel span + jackson");
		for (String name : results.keySet()) {
			if (name.startsWith("traced")) {
				double[] ratios = new double[baseline.size()];
				for (int i = 0; i < ratios.length; i++) {
					ratios[i] = results.get(name).get(i)[0] / baseline.get(i)[0];
				}
				Arrays.sort(ratios);
				System.out.printf("%-22s CPU time %.2fx the baseline (rounds: %.2f-%.2f)%n", name,
						ratios[ratios.length / 2], ratios[0], ratios[ratios.length - 1]);
			}
		}
	}

	private static String spread(List<double[]> runs, int column) {
		double[] values = runs.stream().mapToDouble((run) -> run[column]).sorted().toArray();
		return String.format("%.0f (%.0f-%.0f)", values[values.length / 2], values[0], values[values.length - 1]);
	}

	private static double median(List<double[]> runs, int column) {
		double[] values = runs.stream().mapToDouble((run) -> run[column]).sorted().toArray();
		return values[values.length / 2];
	}

	static String answer(int i) {
		return CallFixture.answer(CallFixture.QUESTION, i & 3);
	}

	static String span(Tracer tracer, int i) {
		return CallFixture.span(tracer, CallFixture.QUESTION, i & 3);
	}

	static void jackson(JsonMapper mapper, int i) {
		String output = answer(i);
		sink = mapper.writeValueAsBytes(Map.of("question", CallFixture.QUESTION, "limit", i & 3));
		sink = mapper.writeValueAsBytes(output);
	}

	interface Operation {

		void run(int i);

	}

	static class Variant implements AutoCloseable {

		private final Supplier<Operation> operation;

		private final Runnable cleanup;

		Variant(Supplier<Operation> operation, Runnable cleanup) {
			this.operation = operation;
			this.cleanup = cleanup;
		}

		/** CPU ns, wall ns and bytes allocated per call. */
		double[] measure(int calls) {
			Operation run = prepare();
			long thread = Thread.currentThread().getId();
			long bytes = THREADS.getThreadAllocatedBytes(thread);
			long cpu = THREADS.getCurrentThreadCpuTime();
			long user = THREADS.getCurrentThreadUserTime();
			long wall = System.nanoTime();
			for (int i = 0; i < calls; i++) {
				run.run(i);
			}
			wall = System.nanoTime() - wall;
			cpu = THREADS.getCurrentThreadCpuTime() - cpu;
			user = THREADS.getCurrentThreadUserTime() - user;
			bytes = THREADS.getThreadAllocatedBytes(thread) - bytes;
			finish();
			return new double[] { (double) cpu / calls, (double) wall / calls, (double) bytes / calls,
					(double) (cpu - user) / calls };
		}

		Operation prepare() {
			return this.operation.get();
		}

		void finish() {
			this.cleanup.run();
		}

		@Override
		public void close() {
		}

	}

	/** A traced call through a client made anew for each measurement (an empty log, nothing queued). */
	static final class TracedVariant extends Variant {

		private final FakeWeaveServer server;

		private final String outbox;

		private Path directory;

		private WeaveClient client;

		TracedVariant(FakeWeaveServer server, String outbox) {
			super(null, null);
			this.server = server;
			this.outbox = outbox;
		}

		@Override
		Operation prepare() {
			this.directory = TempDirectories.create("weave-bench-cost");
			WeaveClient traced = CallFixture.client(this.server, "bench/cost", this.outbox, this.directory);
			this.client = traced;
			return (i) -> sink = traced.call(CallFixture.OP, Map.of("question", CallFixture.QUESTION, "limit", i & 3),
					() -> answer(i));
		}

		@Override
		void finish() {
			this.client.finish(Duration.ZERO, FlushListener.silent());
			TempDirectories.delete(this.directory);
		}

	}

}
