package io.weave.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for how {@link FakeWeaveServer} stores, merges and deduplicates calls.
 */
class CallStoreTests {

	@AutoClose
	private final FakeWeaveServer server = FakeWeaveServer.builder().start();

	private final TestHttp http = new TestHttp(this.server);

	@Test
	void startThenEndAreMerged() {
		String id = Records.id();
		String traceId = Records.id();
		this.http.post("/call/start", Records.startReq(Records.start(id, traceId, null, "my_op")));
		this.http.post("/call/end", Records.endReq(Records.end(id)));
		assertMerged(id, traceId);
	}

	@Test
	void endBeforeStartIsMerged() {
		String id = Records.id();
		String traceId = Records.id();
		this.http.post("/call/end", Records.endReq(Records.end(id)));
		assertThat(this.server.call(id).orElseThrow().hasStart()).isFalse();
		this.http.post("/call/start", Records.startReq(Records.start(id, traceId, null, "my_op")));
		assertMerged(id, traceId);
	}

	@Test
	void endBeforeStartInOneBatchIsMerged() {
		String id = Records.id();
		String traceId = Records.id();
		this.http.post("/call/upsert_batch", Records.batch(Records.endItem(Records.end(id)),
				Records.startItem(Records.start(id, traceId, null, "my_op"))));
		assertMerged(id, traceId);
	}

	@Test
	void resentPartsAreCountedAsDuplicatesAndTheFirstIsKept() {
		String id = Records.id();
		String traceId = Records.id();
		this.http.post("/call/start", Records.startReq(Records.start(id, traceId, null, "my_op")));
		this.http.post("/call/start", Records.startReq(Records.start(id, traceId, null, "renamed_op")));
		this.http.post("/call/end", Records.endReq(Records.end(id)));
		this.http.post("/call/end", Records.endReq(Records.end(id)));
		assertThat(this.server.duplicateCount()).isEqualTo(2);
		ReceivedCall call = this.server.call(id).orElseThrow();
		assertThat(call.duplicates()).isEqualTo(2);
		assertThat(call.opShortName()).isEqualTo("my_op");
		assertThat(this.server.calls()).hasSize(1);
	}

	@Test
	void completeRecordForAHeldPartIsADuplicate() {
		String id = Records.id();
		String traceId = Records.id();
		this.http.post("/call/start", Records.startReq(Records.start(id, traceId, null, "my_op")));
		this.http.post(Records.completePath(), Records.batch(Records.complete(id, traceId, null, "my_op")));
		ReceivedCall call = this.server.call(id).orElseThrow();
		assertThat(call.isComplete()).isTrue();
		assertThat(call.output().stringValue()).isEqualTo("done");
		assertThat(this.server.duplicateCount()).isEqualTo(1);
		this.http.post(Records.completePath(), Records.batch(Records.complete(id, traceId, null, "my_op")));
		assertThat(this.server.duplicateCount()).isEqualTo(2);
	}

	@Test
	void distinctCallsAreNoDuplicates() {
		this.http.post(Records.completePath(), Records.batch(Records.complete(Records.id(), Records.id(), null, "a"),
				Records.complete(Records.id(), Records.id(), null, "b")));
		assertThat(this.server.duplicateCount()).isZero();
	}

	@Test
	void rootsChildrenAndNames() {
		String traceId = Records.id();
		String rootId = Records.id();
		String childId = Records.id();
		String grandchildId = Records.id();
		this.http.post(Records.completePath(),
				Records.batch(Records.complete(rootId, traceId, null, "root"),
						Records.complete(childId, traceId, rootId, "child"),
						Records.complete(grandchildId, traceId, childId, "grandchild")));
		assertThat(this.server.roots()).extracting(ReceivedCall::id).containsExactly(rootId);
		assertThat(this.server.children(rootId)).extracting(ReceivedCall::id).containsExactly(childId);
		assertThat(this.server.children(childId)).extracting(ReceivedCall::id).containsExactly(grandchildId);
		assertThat(this.server.callsNamed("child")).extracting(ReceivedCall::id).containsExactly(childId);
		assertThat(this.server.callsNamed(Records.opRef("child"))).extracting(ReceivedCall::id).containsExactly(childId);
		assertThat(this.server.callsNamed("nobody")).isEmpty();
	}

	@Test
	void awaitCompleteCallsReturnsOnceCallsArrive() {
		ExecutorService sender = Executors.newSingleThreadExecutor();
		try {
			String id = Records.id();
			CompletableFuture.runAsync(() -> {
				this.http.post("/call/start", Records.startReq(Records.start(id, Records.id(), null, "my_op")));
				this.http.post("/call/end", Records.endReq(Records.end(id)));
			}, sender);
			assertThat(this.server.awaitCompleteCalls(1, Duration.ofSeconds(10))).extracting(ReceivedCall::id)
				.containsExactly(id);
		}
		finally {
			sender.shutdown();
		}
	}

	@Test
	void awaitCallsFailsWithWhatWasReceived() {
		this.http.post("/call/end", Records.endReq(Records.end(Records.id())));
		assertThat(this.server.awaitCalls(1, Duration.ofSeconds(5))).hasSize(1);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.server.awaitCompleteCalls(1, Duration.ofMillis(50)))
			.withMessageContaining("expected at least 1 complete calls but received 0")
			.withMessageContaining("calls=1");
	}

	@Test
	void awaitRequestsCountsEveryRequest() {
		this.http.get("/health");
		assertThat(this.server.awaitRequests(1, Duration.ofSeconds(5))).hasSize(1);
	}

	@Test
	void concurrentRequestsAreAllStored() {
		ExecutorService senders = Executors.newFixedThreadPool(8);
		try {
			List<CompletableFuture<Integer>> statuses = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				statuses.add(CompletableFuture.supplyAsync(() -> this.http
					.post(Records.completePath(), Records.batch(Records.complete(Records.id(), Records.id(), null, "op")))
					.statusCode(), senders));
			}
			assertThat(statuses).allSatisfy((status) -> assertThat(status.join()).isEqualTo(200));
			assertThat(this.server.completeCalls()).hasSize(200);
			assertThat(this.server.requests()).hasSize(200);
		}
		finally {
			senders.shutdown();
		}
	}

	@Test
	void resetForgetsEverything() {
		this.http.post(Records.completePath(), Records.batch(Records.complete(Records.id(), Records.id(), null, "a")));
		this.server.faults().failNext(1, 500);
		this.server.reset();
		assertThat(this.server.calls()).isEmpty();
		assertThat(this.server.requests()).isEmpty();
		assertThat(this.http.post(Records.completePath(),
				Records.batch(Records.complete(Records.id(), Records.id(), null, "a"))).statusCode()).isEqualTo(200);
	}

	private void assertMerged(String id, String traceId) {
		ReceivedCall call = this.server.call(id).orElseThrow();
		assertThat(call.isComplete()).isTrue();
		assertThat(call.traceId()).isEqualTo(traceId);
		assertThat(call.opShortName()).isEqualTo("my_op");
		assertThat(call.inputs().path("question").stringValue()).isEqualTo("What is Weave?");
		assertThat(call.output().stringValue()).isEqualTo("A tracing tool");
		assertThat(call.summary().isObject()).isTrue();
		assertThat(call.startedAt()).isBefore(call.endedAt());
		assertThat(call.viaCallsComplete()).isFalse();
		assertThat(call.duplicates()).isZero();
		assertThat(this.server.duplicateCount()).isZero();
	}

}
