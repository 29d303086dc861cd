package io.weave.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Tests for {@link WeaveServerExtension}: each runs a test class through the JUnit Platform
 * launcher and checks what the extension did around it.
 */
class WeaveServerExtensionTests {

	@Test
	void registeredOnStaticFieldStartsOnceResetsBeforeEachTestAndClosesAfterTheClass() {
		StaticFieldRegistration.seen.clear();
		assertAllSucceeded(run(StaticFieldRegistration.class), 2);
		assertThat(StaticFieldRegistration.seen).hasSize(3);
		assertThat(StaticFieldRegistration.seen.get(0)).isSameAs(StaticFieldRegistration.seen.get(1))
			.isSameAs(StaticFieldRegistration.seen.get(2));
		assertThat(StaticFieldRegistration.seen.get(0).isRunning()).isFalse();
		assertThat(StaticFieldRegistration.seen.get(0).isStrict()).isFalse();
	}

	@Test
	void extendWithInjectsTheServerIntoConstructorsAndMethods() {
		ExtendWithRegistration.seen.clear();
		assertAllSucceeded(run(ExtendWithRegistration.class), 2);
		assertThat(ExtendWithRegistration.seen).hasSize(4);
		assertThat(ExtendWithRegistration.seen).allSatisfy((server) -> {
			assertThat(server).isSameAs(ExtendWithRegistration.seen.get(0));
			assertThat(server.isRunning()).isFalse();
		});
	}

	@Test
	void extendWithOnAMethodRunsAServerForThatTest() {
		MethodRegistration.seen.clear();
		assertAllSucceeded(run(MethodRegistration.class), 1);
		assertThat(MethodRegistration.seen).singleElement()
			.satisfies((server) -> assertThat(server.isRunning()).isFalse());
	}

	private static TestExecutionSummary run(Class<?> testClass) {
		LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
			.selectors(selectClass(testClass))
			.build();
		SummaryGeneratingListener listener = new SummaryGeneratingListener();
		LauncherFactory.create().execute(request, listener);
		return listener.getSummary();
	}

	private static void assertAllSucceeded(TestExecutionSummary summary, int tests) {
		assertThat(summary.getFailures()).as(() -> summary.getFailures()
			.stream()
			.map((failure) -> failure.getTestIdentifier().getDisplayName() + ": " + failure.getException())
			.toList()
			.toString()).isEmpty();
		assertThat(summary.getTestsSucceededCount()).isEqualTo(tests);
	}

	static class StaticFieldRegistration {

		@RegisterExtension
		static WeaveServerExtension weave = new WeaveServerExtension(FakeWeaveServer.builder().strict(false));

		static final List<FakeWeaveServer> seen = new CopyOnWriteArrayList<>();

		@Test
		void first(FakeWeaveServer injected) {
			receivesOneCall(injected);
		}

		@Test
		void second() {
			receivesOneCall(weave.server());
		}

		private static void receivesOneCall(FakeWeaveServer server) {
			seen.add(server);
			if (seen.size() == 1) {
				seen.add(weave.server());
			}
			assertThat(server.requests()).isEmpty();
			assertThat(weave.baseUrl()).isEqualTo(server.baseUrl());
			TestHttp http = new TestHttp(server);
			assertThat(http.post(Records.completePath(),
					Records.batch(Records.complete(Records.id(), Records.id(), null, "op"))).statusCode())
				.isEqualTo(200);
			assertThat(server.calls()).hasSize(1);
			server.faults().failNext(1, 500);
			server.requireCallsCompleteMode(true);
		}

	}

	@ExtendWith(WeaveServerExtension.class)
	static class ExtendWithRegistration {

		static final List<FakeWeaveServer> seen = new CopyOnWriteArrayList<>();

		ExtendWithRegistration(FakeWeaveServer server) {
			seen.add(server);
		}

		@Test
		void first(FakeWeaveServer server) {
			seen.add(server);
			assertThat(server.isRunning()).isTrue();
			assertThat(server.calls()).isEmpty();
			new TestHttp(server).post("/call/end", Records.endReq(Records.end(Records.id())));
		}

		@Test
		void second(FakeWeaveServer server) {
			first(server);
		}

	}

	static class MethodRegistration {

		static final List<FakeWeaveServer> seen = new CopyOnWriteArrayList<>();

		@Test
		@ExtendWith(WeaveServerExtension.class)
		void test(FakeWeaveServer server) {
			seen.add(server);
			assertThat(new TestHttp(server).get("/health").statusCode()).isEqualTo(200);
		}

	}

}
