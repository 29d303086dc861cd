package io.weave.spring.boot.autoconfigure.tracing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableAsync;

import io.weave.client.CallContext;
import io.weave.client.Scope;
import io.weave.client.WeaveClient;
import io.weave.client.WeaveConfigurationException;
import io.weave.spring.boot.autoconfigure.WeaveTestSupport;
import io.weave.spring.boot.autoconfigure.tracing.TracedBeans.Assistant;
import io.weave.spring.boot.autoconfigure.tracing.TracedBeans.AsyncWorker;
import io.weave.spring.boot.autoconfigure.tracing.TracedBeans.DefaultGreeter;
import io.weave.spring.boot.autoconfigure.tracing.TracedBeans.Dispatcher;
import io.weave.spring.boot.autoconfigure.tracing.TracedBeans.Greeter;
import io.weave.spring.boot.autoconfigure.tracing.TracedBeans.PlainService;
import io.weave.spring.boot.autoconfigure.tracing.TracedBeans.Retriever;
import io.weave.test.FakeWeaveServer;
import io.weave.test.ReceivedCall;
import io.weave.test.WeaveAssertions;
import io.weave.test.WeaveServerExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link WeaveTracingAutoConfiguration}.
 */
class WeaveTracingAutoConfigurationTests {

	@RegisterExtension
	static WeaveServerExtension weave = new WeaveServerExtension();

	@TempDir
	Path walDirectory;

	private ApplicationContextRunner runner() {
		return WeaveTestSupport
			.runner(weave.server(), this.walDirectory, AopAutoConfiguration.class, WeaveTracingAutoConfiguration.class)
			.withUserConfiguration(TracedConfiguration.class);
	}

	@Test
	void nestedOpsFormACallTree() {
		runner().run((context) -> {
			assertThat(context.getBean(Assistant.class).answer("refunds", 2)).isEqualTo("documents about refunds (2)");
			FakeWeaveServer server = flush(context);
			WeaveAssertions.assertThat(server)
				.allRequestsValid()
				.hasNoDuplicates()
				.hasCompleteCalls(2)
				.callNamed("Assistant.answer")
				.isRoot()
				.hasNoException()
				.childNamed("retriever.retrieve")
				.isComplete();
			ReceivedCall answer = server.callsNamed("Assistant.answer").get(0);
			assertThat(answer.inputs().get("question").asString()).isEqualTo("refunds");
			assertThat(answer.inputs().get("attempts").asInt()).isEqualTo(2);
			assertThat(answer.output().asString()).isEqualTo("documents about refunds (2)");
		});
	}

	@Test
	void exceptionsAreRecordedAndRethrownUnchanged() {
		runner().run((context) -> {
			assertThatIllegalStateException().isThrownBy(() -> context.getBean(Assistant.class).fail("no stock"))
				.withMessage("no stock");
			FakeWeaveServer server = flush(context);
			WeaveAssertions.assertThat(server).callNamed("fail-fast").isRoot().isComplete().hasException();
			assertThat(server.callsNamed("fail-fast").get(0).exception()).contains("IllegalStateException", "no stock");
		});
	}

	@Test
	void interfaceBasedProxies() {
		runner().withPropertyValues("spring.aop.proxy-target-class=false").run((context) -> {
			Greeter greeter = context.getBean(Greeter.class);
			assertThat(AopUtils.isJdkDynamicProxy(greeter)).isTrue();
			assertThat(greeter.greet("Ada")).isEqualTo("Hello, Ada");
			ReceivedCall call = flush(context).callsNamed("DefaultGreeter.greet").get(0);
			assertThat(call.inputs().get("name").asString()).isEqualTo("Ada");
		});
	}

	@Test
	void classBasedProxies() {
		runner().run((context) -> {
			Greeter greeter = context.getBean(Greeter.class);
			assertThat(AopUtils.isCglibProxy(greeter)).isTrue();
			greeter.greet("Grace");
			assertThat(flush(context).callsNamed("DefaultGreeter.greet")).singleElement()
				.satisfies((call) -> assertThat(call.output().asString()).isEqualTo("Hello, Grace"));
		});
	}

	@Test
	void annotatedClassTracesItsPublicMethodsButNotObjectMethods() {
		runner().run((context) -> {
			Retriever retriever = context.getBean(Retriever.class);
			retriever.retrieve("returns");
			assertThat(retriever).hasToString("Retriever");
			FakeWeaveServer server = flush(context);
			assertThat(server.calls()).extracting(ReceivedCall::opShortName).containsExactly("retriever.retrieve");
		});
	}

	@Test
	void completionStageEndsItsCallWhenItCompletes() {
		runner().run((context) -> {
			Assistant assistant = context.getBean(Assistant.class);
			CompletableFuture<String> source = new CompletableFuture<>();
			CompletableFuture<String> result = assistant.later(source);
			assertThat(result).isSameAs(source);
			assistant.now();
			FakeWeaveServer server = flush(context);
			assertThat(server.callsNamed("Assistant.later")).singleElement()
				.satisfies((call) -> assertThat(call.isComplete()).isFalse());
			// the pending call was not current any more when the next op started
			WeaveAssertions.assertThat(server).callNamed("Assistant.now").isRoot().isComplete();
			source.complete("later");
			flush(context);
			assertThat(server.callsNamed("Assistant.later")).singleElement().satisfies((call) -> {
				assertThat(call.isComplete()).isTrue();
				assertThat(call.output().asString()).isEqualTo("later");
			});
		});
	}

	@Test
	void failedCompletionStageFailsItsCall() {
		runner().run((context) -> {
			CompletableFuture<String> source = new CompletableFuture<>();
			context.getBean(Assistant.class).later(source);
			source.completeExceptionally(new IllegalArgumentException("bad input"));
			FakeWeaveServer server = flush(context);
			WeaveAssertions.assertThat(server).callNamed("Assistant.later").isComplete().hasException();
			assertThat(server.callsNamed("Assistant.later").get(0).exception()).contains("IllegalArgumentException");
		});
	}

	@Test
	void asyncMethodsKeepTheirParent() {
		runner().withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
			.withUserConfiguration(AsyncConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(WeaveTaskDecorator.class);
				String result = context.getBean(Dispatcher.class).dispatch("refund");
				assertThat(result).startsWith("refund done on ").doesNotContain(Thread.currentThread().getName());
				FakeWeaveServer server = flush(context);
				WeaveAssertions.assertThat(server)
					.hasCompleteCalls(2)
					.callNamed("Dispatcher.dispatch")
					.isRoot()
					.childNamed("AsyncWorker.work")
					.isComplete();
			});
	}

	@Test
	void asyncMethodsKeepTheScopedAttributesAndThread() {
		runner().withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
			.withUserConfiguration(AsyncConfiguration.class)
			.run((context) -> {
				try (Scope attributes = CallContext.attributes(Map.of("tenant", "acme"));
						Scope thread = CallContext.thread("ticket-7")) {
					context.getBean(Dispatcher.class).dispatch("refund");
				}
				FakeWeaveServer server = flush(context);
				WeaveAssertions.assertThat(server).allRequestsValid().hasCompleteCalls(2);
				ReceivedCall dispatch = server.callsNamed("Dispatcher.dispatch").get(0);
				ReceivedCall work = server.callsNamed("AsyncWorker.work").get(0);
				assertThat(work.parentId()).isEqualTo(dispatch.id());
				for (ReceivedCall call : List.of(dispatch, work)) {
					assertThat(call.attributes().get("tenant").asString()).isEqualTo("acme");
					assertThat(call.attributes().at("/weave/source").asString()).isEqualTo("java-sdk");
					assertThat(call.threadId()).isEqualTo("ticket-7");
					assertThat(call.turnId()).isEqualTo(dispatch.id());
				}
			});
	}

	@Test
	void includedBeansAreTracedWithoutAnnotations() {
		runner()
			.withPropertyValues("weave.tracing.include=bean(plainService)",
					"weave.tracing.exclude=execution(* *..PlainService.skipped(..))")
			.run((context) -> {
				PlainService service = context.getBean(PlainService.class);
				assertThat(service.work(21)).isEqualTo(42);
				assertThat(service.skipped()).isEqualTo("skipped");
				FakeWeaveServer server = flush(context);
				assertThat(server.calls()).extracting(ReceivedCall::opShortName).containsExactly("PlainService.work");
				assertThat(server.calls().get(0).inputs().get("amount").asInt()).isEqualTo(21);
			});
	}

	@Test
	void withoutAspectJAnnotatedOpsAreStillTraced() {
		runner().withClassLoader(new FilteredClassLoader("org.aspectj")).run((context) -> {
			context.getBean(Assistant.class).answer("exchanges", 1);
			WeaveAssertions.assertThat(flush(context))
				.callNamed("Assistant.answer")
				.childNamed("retriever.retrieve")
				.isComplete();
		});
	}

	@Test
	void withoutAspectJIncludeExpressionsFailClearly() {
		runner().withClassLoader(new FilteredClassLoader("org.aspectj"))
			.withPropertyValues("weave.tracing.include=bean(plainService)")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(WeaveConfigurationException.class)
				.hasMessageContaining("weave.tracing.include needs AspectJ"));
	}

	@Test
	void notTracedWhenWeaveIsDisabled() {
		runner().withPropertyValues("weave.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(WeaveOpAdvisor.class).doesNotHaveBean(WeaveClient.class);
			assertThat(AopUtils.isAopProxy(context.getBean(Assistant.class))).isFalse();
			assertThat(context.getBean(Assistant.class).answer("q", 1)).isEqualTo("documents about q (1)");
		});
	}

	@Test
	void backsOffWhenTheApplicationDefinesAnAdvisor() {
		runner()
			.withBean("weaveOpAdvisor", WeaveOpAdvisor.class,
					() -> new WeaveOpAdvisor(WeaveOpPointcuts.annotated(), new WeaveOpInterceptor(() -> null)))
			.run((context) -> assertThat(context).hasSingleBean(WeaveOpAdvisor.class));
	}

	private static FakeWeaveServer flush(AssertableApplicationContext context) {
		assertThat(context.getBean(WeaveClient.class).flush(Duration.ofSeconds(10)).completed()).isTrue();
		return weave.server();
	}

	@Configuration(proxyBeanMethods = false)
	static class TracedConfiguration {

		@Bean
		Retriever retriever() {
			return new Retriever();
		}

		@Bean
		Assistant assistant(Retriever retriever) {
			return new Assistant(retriever);
		}

		@Bean
		DefaultGreeter greeter() {
			return new DefaultGreeter();
		}

		@Bean
		PlainService plainService() {
			return new PlainService();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncConfiguration {

		@Bean
		AsyncWorker asyncWorker() {
			return new AsyncWorker();
		}

		@Bean
		Dispatcher dispatcher(AsyncWorker worker) {
			return new Dispatcher(worker);
		}

	}

}
