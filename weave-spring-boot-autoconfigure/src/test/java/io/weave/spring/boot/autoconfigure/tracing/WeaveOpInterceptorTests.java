package io.weave.spring.boot.autoconfigure.tracing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.aop.framework.ProxyFactory;

import io.weave.client.CallContext;
import io.weave.client.WeaveClient;
import io.weave.spring.boot.autoconfigure.tracing.TracedBeans.Assistant;
import io.weave.spring.boot.autoconfigure.tracing.TracedBeans.Retriever;
import io.weave.test.FakeWeaveServer;
import io.weave.test.WeaveServerExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link WeaveOpInterceptor} on proxies built by hand.
 */
class WeaveOpInterceptorTests {

	@RegisterExtension
	static WeaveServerExtension weave = new WeaveServerExtension();

	@Test
	void aFailingClientNeverReachesTheTracedCode() {
		Assistant assistant = proxy(new WeaveOpInterceptor(() -> {
			throw new IllegalStateException("no client");
		}));
		assertThat(assistant.answer("q", 1)).isEqualTo("documents about q (1)");
		assertThatIllegalStateException().isThrownBy(() -> assistant.fail("own failure")).withMessage("own failure");
		assertThat(CallContext.current()).isNull();
	}

	@Test
	void aClosedClientLeavesTheCodeUntraced() {
		WeaveClient client = client(weave.server());
		client.close();
		Assistant assistant = proxy(new WeaveOpInterceptor(() -> client));
		assertThat(assistant.answer("q", 1)).isEqualTo("documents about q (1)");
		assertThat(weave.server().calls()).isEmpty();
	}

	@Test
	void opsNestThroughTheCallContext() {
		FakeWeaveServer server = weave.server();
		try (WeaveClient client = client(server)) {
			Assistant assistant = proxy(new WeaveOpInterceptor(() -> client));
			client.call("outer", Map.of(), () -> assistant.answer("q", 1));
			assertThat(CallContext.current()).isNull();
			assertThat(client.flush(Duration.ofSeconds(10)).completed()).isTrue();
		}
		assertThat(server.callsNamed("Assistant.answer")).singleElement()
			.satisfies((call) -> assertThat(call.parentId()).isEqualTo(server.callsNamed("outer").get(0).id()));
	}

	@Test
	void aPendingFutureDoesNotStayCurrent() {
		FakeWeaveServer server = weave.server();
		try (WeaveClient client = client(server)) {
			Assistant assistant = proxy(new WeaveOpInterceptor(() -> client));
			CompletableFuture<String> source = new CompletableFuture<>();
			assistant.later(source);
			assertThat(CallContext.current()).isNull();
			CompletableFuture.runAsync(() -> source.complete("done")).join();
			assertThat(client.flush(Duration.ofSeconds(10)).completed()).isTrue();
		}
		assertThat(server.callsNamed("Assistant.later")).singleElement()
			.satisfies((call) -> assertThat(call.output().asString()).isEqualTo("done"));
	}

	private static Assistant proxy(WeaveOpInterceptor interceptor) {
		ProxyFactory factory = new ProxyFactory(new Assistant(new Retriever()));
		factory.setProxyTargetClass(true);
		factory.addAdvisor(new WeaveOpAdvisor(WeaveOpPointcuts.annotated(), interceptor));
		return (Assistant) factory.getProxy();
	}

	private static WeaveClient client(FakeWeaveServer server) {
		return WeaveClient.builder()
			.project("test-team/test-project")
			.apiKey(server.apiKey())
			.baseUrl(server.baseUrl())
			.batchInterval(Duration.ofMillis(10))
			.build();
	}

}
