package io.weave.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

import io.weave.client.FlushListener;
import io.weave.client.WeaveClient;
import io.weave.client.WeaveEnvironment;
import io.weave.test.FakeWeaveServer;
import io.weave.test.RecordedRequest;

/**
 * How fast a backlog of 100,000 calls (200,002 requests) left on disk by a process that could
 * not send reaches the fake trace server, against a bare JDK {@link HttpClient} posting the
 * very same request bodies (captured from the client's own upload) one after the other. Both
 * talk to the same server in the same JVM; the server validates as the real one does
 * ({@code strict=false}) or also strictly.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = { "-Xms4g", "-Xmx4g" })
@State(Scope.Benchmark)
public class DrainBenchmark {

	private static final String PROJECT = "bench/drain";

	@Param("100000")
	public int calls;

	@Param({ "false", "true" })
	public boolean strict;

	FakeWeaveServer server;

	HttpClient http;

	List<RecordedRequest> uploads;

	Path directory;

	long requests;

	@Setup(Level.Trial)
	public void captureUploads() {
		this.server = FakeWeaveServer.builder().strict(this.strict).start();
		this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		writeBacklog();
		drainWithClient();
		this.uploads = this.server.requests();
		TempDirectories.delete(this.directory);
	}

	@Setup(Level.Iteration)
	public void writeBacklog() {
		this.server.reset();
		this.directory = TempDirectories.create("weave-bench-drain");
		this.requests = Backlogs.write(this.directory, PROJECT, this.calls);
	}

	@TearDown(Level.Iteration)
	public void deleteBacklog() {
		TempDirectories.delete(this.directory);
	}

	@TearDown(Level.Trial)
	public void stopServer() {
		this.server.close();
	}

	/** A client that adopts the backlog and sends it; done when the server acknowledged every request. */
	@Benchmark
	public long weaveClient() {
		return drainWithClient();
	}

	/** The same bodies posted in the same order by a bare HTTP client, one at a time. */
	@Benchmark
	public int bareHttpClient() throws IOException, InterruptedException {
		int ok = 0;
		for (RecordedRequest upload : this.uploads) {
			HttpRequest request = HttpRequest.newBuilder(URI.create(this.server.baseUrl() + upload.path()))
				.header("Authorization", this.server.authorizationHeader())
				.header("Content-Type", upload.header("content-type"))
				.POST(BodyPublishers.ofByteArray(upload.body()))
				.build();
			HttpResponse<byte[]> response = this.http.send(request, BodyHandlers.ofByteArray());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(upload.path() + " answered " + response.statusCode());
			}
			ok++;
		}
		return ok;
	}

	private long drainWithClient() {
		try (WeaveClient client = WeaveClient.builder()
			.project(PROJECT)
			.apiKey(this.server.apiKey())
			.baseUrl(this.server.baseUrl())
			.environment(WeaveEnvironment.of((name) -> null))
			.wal(true)
			.walDirectory(this.directory)
			.closeTimeout(Duration.ZERO)
			.build()) {
			if (!Backlogs.awaitSent(client, this.requests, Duration.ofMinutes(10))) {
				throw new IllegalStateException("Backlog not drained: " + client.stats());
			}
			client.finish(Duration.ZERO, FlushListener.silent());
			return client.stats().requestsSent();
		}
	}

}
