package io.weave.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.weave.client.FlushListener;
import io.weave.client.WeaveClient;
import io.weave.client.WeaveEnvironment;
import io.weave.test.FakeWeaveServer;
import io.weave.test.RecordedRequest;

/**
 * The drain rate of {@link DrainBenchmark}, the client and the bare HTTP client alternating
 * round by round, so that load from other processes on a shared machine falls on both alike;
 * reports the medians and the median of the per-round ratios.
 * <p>
 * Arguments: {@code [rounds] [calls] [strict]}, default 5, 100,000 and {@code false}.
 */
public final class DrainRate {

	private static final String PROJECT = "bench/drain";

	private DrainRate() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 5;
		int calls = (args.length > 1) ? Integer.parseInt(args[1]) : 100_000;
		boolean strict = args.length > 2 && Boolean.parseBoolean(args[2]);
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		try (FakeWeaveServer server = FakeWeaveServer.builder().strict(strict).start()) {
			double[] client = new double[rounds];
			double[] bare = new double[rounds];
			double[] ratios = new double[rounds];
			long requests = 0;
			for (int round = -1; round < rounds; round++) {
				server.reset();
				Path directory = TempDirectories.create("weave-bench-drain");
				requests = Backlogs.write(directory, PROJECT, calls);
				long start = System.nanoTime();
				drain(server, directory, requests);
				double clientSeconds = (System.nanoTime() - start) / 1e9;
				TempDirectories.delete(directory);
				List<RecordedRequest> uploads = server.requests();
				server.reset();
				start = System.nanoTime();
				post(http, server, uploads);
				double bareSeconds = (System.nanoTime() - start) / 1e9;
				if (round >= 0) {
					client[round] = requests / clientSeconds;
					bare[round] = requests / bareSeconds;
					ratios[round] = client[round] / bare[round];
					System.out.printf("round %d: client %.0f requests/s, bare %.0f requests/s, ratio %.2f%n", round + 1,
							client[round], bare[round], ratios[round]);
				}
			}
			System.out.printf("drain of %d calls (%d requests), strict=%s, %d rounds: client %.0f requests/s, "
					+ "bare HTTP client %.0f requests/s (medians); ratio %.2f (rounds %.2f-%.2f)%n", calls, requests,
					strict, rounds, median(client), median(bare), median(ratios), min(ratios), max(ratios));
		}
	}

	private static void drain(FakeWeaveServer server, Path directory, long requests) {
		try (WeaveClient client = WeaveClient.builder()
			.project(PROJECT)
			.apiKey(server.apiKey())
			.baseUrl(server.baseUrl())
			.environment(WeaveEnvironment.of((name) -> null))
			.wal(true)
			.walDirectory(directory)
			.closeTimeout(Duration.ZERO)
			.build()) {
			if (!Backlogs.awaitSent(client, requests, Duration.ofMinutes(10))) {
				throw new IllegalStateException("Backlog not drained: " + client.stats());
			}
			client.finish(Duration.ZERO, FlushListener.silent());
		}
	}

	private static void post(HttpClient http, FakeWeaveServer server, List<RecordedRequest> uploads)
			throws Exception {
		for (RecordedRequest upload : uploads) {
			HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + upload.path()))
				.header("Authorization", server.authorizationHeader())
				.header("Content-Type", upload.header("content-type"))
				.POST(BodyPublishers.ofByteArray(upload.body()))
				.build();
			HttpResponse<byte[]> response = http.send(request, BodyHandlers.ofByteArray());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(upload.path() + " answered " + response.statusCode());
			}
		}
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	private static double min(double[] values) {
		return Arrays.stream(values).min().orElse(0);
	}

	private static double max(double[] values) {
		return Arrays.stream(values).max().orElse(0);
	}

}
