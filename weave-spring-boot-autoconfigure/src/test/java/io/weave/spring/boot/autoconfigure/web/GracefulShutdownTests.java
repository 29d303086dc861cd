package io.weave.spring.boot.autoconfigure.web;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.weave.spring.boot.autoconfigure.WeaveTestSupport;
import io.weave.spring.boot.autoconfigure.web.SupportApplication.Gate;
import io.weave.test.FakeWeaveServer;
import io.weave.test.ReceivedCall;
import io.weave.test.WeaveAssertions;
import io.weave.test.WeaveServerExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shutting the application down while requests are in flight loses none of their traces:
 * the web server finishes them first, then the pending traces are sent.
 */
class GracefulShutdownTests {

	private static final int REQUESTS = 5;

	@RegisterExtension
	static WeaveServerExtension weave = new WeaveServerExtension();

	@TempDir
	Path walDirectory;

	@Test
	void requestsInFlightAtShutdownAreTraced() throws Exception {
		FakeWeaveServer server = weave.server();
		server.faults().delay(Duration.ofMillis(50));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SupportApplication.class)
			.properties("server.port=0", "server.shutdown=graceful", "spring.main.banner-mode=off")
			.properties(WeaveTestSupport.properties(server, this.walDirectory))
			.run();
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		Gate gate = context.getBean(Gate.class);
		// plain HTTP/1.1: no h2c upgrade attempt, one connection per request in flight
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
		for (int i = 0; i < REQUESTS; i++) {
			URI uri = URI.create("http://127.0.0.1:" + port + "/tickets/" + i + "/slow-answer");
			responses.add(http.sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> gate.waiting() == REQUESTS);
		CompletableFuture<Void> shutdown = CompletableFuture.runAsync(context::close);
		await().atMost(Duration.ofSeconds(10)).until(() -> !accepts(port));
		assertThat(server.completeCalls()).isEmpty();
		gate.release();
		shutdown.get();
		for (CompletableFuture<HttpResponse<String>> response : responses) {
			assertThat(response.get().statusCode()).isEqualTo(200);
		}
		WeaveAssertions.assertThat(server).allRequestsValid().hasNoDuplicates().hasCompleteCalls(2 * REQUESTS);
		List<ReceivedCall> answers = server.callsNamed("SupportService.slowAnswer");
		assertThat(answers).hasSize(REQUESTS).allSatisfy((answer) -> {
			assertThat(answer.isComplete()).isTrue();
			assertThat(server.children(answer.id())).singleElement()
				.satisfies((child) -> assertThat(child.opShortName()).isEqualTo("Classifier.classify"));
		});
	}

	/** Whether the server still accepts connections: not once its graceful shutdown began. */
	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
