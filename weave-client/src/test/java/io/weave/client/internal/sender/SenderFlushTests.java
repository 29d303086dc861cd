package io.weave.client.internal.sender;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.weave.client.FlushResult;
import io.weave.client.internal.transport.ScriptedTraceServer.Reply;

import static io.weave.client.internal.sender.TestRequests.end;
import static io.weave.client.internal.sender.TestRequests.object;
import static io.weave.client.internal.sender.TestRequests.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SenderFlushTests {

	private final SenderHarness harness = new SenderHarness();

	private final CountDownLatch gate = new CountDownLatch(1);

	@AfterEach
	void close() {
		this.gate.countDown();
		this.harness.close();
	}

	@Test
	void flushSendsAtOnceAndReportsCounts() {
		this.harness.start(SenderHarness.quick());
		this.harness.offer(start("c1"), object("answer"), end("c1"), start("c2"), end("c2"));
		FlushResult result = this.harness.sender.flush(Duration.ofSeconds(10));
		assertThat(result.completed()).isTrue();
		assertThat(result.sent()).isEqualTo(5);
		assertThat(result.pending()).isZero();
		assertThat(result.failed()).isZero();
		assertThat(this.harness.stats.snapshot().requestsPending()).isZero();
	}

	@Test
	void flushWithNothingToSendCompletes() {
		this.harness.start(SenderHarness.quick());
		FlushResult result = this.harness.sender.flush(Duration.ofSeconds(10));
		assertThat(result.completed()).isTrue();
		assertThat(result.sent()).isZero();
	}

	@Test
	void flushGivesUpAtItsTimeoutWhileTheServerIsDown() throws IOException {
		this.harness.start(SenderHarness.quick().withRetry(
				new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(20), 2.0, 1_000_000, Duration.ofSeconds(1))),
				MemoryRequestQueue.DEFAULT_CAPACITY, "http://127.0.0.1:" + unusedPort());
		this.harness.offer(start("c1"), end("c1"), object("answer"));
		FlushResult result = this.harness.sender.flush(Duration.ofMillis(300));
		assertThat(result.completed()).isFalse();
		assertThat(result.pending()).isEqualTo(3);
		assertThat(result.sent()).isZero();
		assertThat(this.harness.stats.snapshot().requestsPending()).isEqualTo(3);
		assertThat(this.harness.stats.snapshot().requestsRetried()).isPositive();
		FlushResult closed = this.harness.sender.close(Duration.ofMillis(100));
		assertThat(closed.completed()).isFalse();
		assertThat(this.harness.sender.isRunning()).isFalse();
		assertThat(this.harness.stats.snapshot().requestsDropped()).isEqualTo(3);
		assertThat(this.harness.stats.snapshot().requestsPending()).isZero();
	}

	@Test
	void concurrentFlushesEachSeeTheirRequestsResolved() throws Exception {
		this.harness.start(SenderHarness.quick());
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<FlushResult>> flushes = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				String prefix = "t" + t + "-";
				flushes.add(threads.submit(() -> {
					for (int i = 0; i < 25; i++) {
						this.harness.offer(start(prefix + i), end(prefix + i));
					}
					return this.harness.sender.flush(Duration.ofSeconds(10));
				}));
			}
			for (Future<FlushResult> flush : flushes) {
				assertThat(flush.get().completed()).isTrue();
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(this.harness.stats.sentCount()).isEqualTo(200);
	}

	@Test
	void flushesWaitingTogetherAllCompleteOnceTheServerAnswers() throws Exception {
		this.harness.server.thenReply((request) -> {
			this.gate.await();
			return Reply.ok();
		});
		this.harness.start(SenderHarness.quick().withBatchInterval(Duration.ofMillis(10)));
		this.harness.offer(start("c1"));
		await().until(() -> this.harness.server.requests().size() == 1);
		this.harness.offer(end("c1"));
		ExecutorService threads = Executors.newFixedThreadPool(3);
		try {
			List<Future<FlushResult>> flushes = new ArrayList<>();
			for (int t = 0; t < 3; t++) {
				flushes.add(threads.submit(() -> this.harness.sender.flush(Duration.ofSeconds(10))));
			}
			this.gate.countDown();
			for (Future<FlushResult> flush : flushes) {
				assertThat(flush.get().completed()).isTrue();
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(this.harness.stats.sentCount()).isEqualTo(2);
	}

	@Test
	void flushReportsProgressWhileItWaits() throws Exception {
		this.harness.server.thenReply((request) -> {
			this.gate.await();
			return Reply.ok();
		});
		this.harness.start(SenderHarness.quick());
		this.harness.offer(start("c1"), end("c1"), object("answer"));
		List<FlushProgress> reports = new CopyOnWriteArrayList<>();
		ExecutorService thread = Executors.newSingleThreadExecutor();
		try {
			Future<FlushResult> flush = thread
				.submit(() -> this.harness.sender.flush(Duration.ofSeconds(10), Duration.ofMillis(10), reports::add));
			await().until(() -> !reports.isEmpty());
			assertThat(reports.get(0).pending()).isEqualTo(3);
			this.gate.countDown();
			FlushResult result = flush.get();
			assertThat(result.completed()).isTrue();
			assertThat(result.sent()).isEqualTo(3);
		}
		finally {
			thread.shutdownNow();
		}
	}

	@Test
	void fullQueueDropsWithoutBlockingTheCaller() {
		this.harness.server.thenReply((request) -> {
			this.gate.await();
			return Reply.ok();
		});
		this.harness.start(SenderHarness.quick().withBatchInterval(Duration.ofMillis(10)), 5,
				this.harness.server.baseUrl());
		this.harness.offer(start("in-flight"));
		await().until(() -> this.harness.server.requests().size() == 1);
		int accepted = 0;
		for (int i = 0; i < 8; i++) {
			accepted += this.harness.queue.offer(start("c" + i)) ? 1 : 0;
		}
		assertThat(accepted).isEqualTo(5);
		assertThat(this.harness.stats.snapshot().requestsDropped()).isEqualTo(3);
		this.gate.countDown();
		this.harness.flushCompletely();
		assertThat(this.harness.stats.sentCount()).isEqualTo(6);
		assertThat(this.harness.stats.snapshot().requestsEnqueued()).isEqualTo(6);
	}

	@Test
	void closeFlushesThenStopsAndDropsLaterRequests() {
		this.harness.start(SenderHarness.quick());
		this.harness.offer(start("c1"), end("c1"), object("answer"));
		FlushResult result = this.harness.sender.close(Duration.ofSeconds(10));
		assertThat(result.completed()).isTrue();
		assertThat(result.sent()).isEqualTo(3);
		assertThat(this.harness.sender.isRunning()).isFalse();
		assertThat(this.harness.queue.offer(start("late"))).isFalse();
		assertThat(this.harness.stats.snapshot().requestsDropped()).isEqualTo(1);
		assertThat(this.harness.sender.close(Duration.ofSeconds(1))).isSameAs(result);
		assertThat(this.harness.sender.flush(Duration.ofSeconds(1)).completed()).isTrue();
	}

	@Test
	void closeInterruptsRetriesAtItsTimeout() {
		this.harness.server.otherwiseReply(Reply.status(503, "down"));
		this.harness.start(SenderHarness.quick().withRetry(
				new RetryPolicy(Duration.ofSeconds(30), Duration.ofSeconds(30), 2.0, 10, Duration.ofSeconds(30)))
			.withBatchInterval(Duration.ofMillis(10)));
		this.harness.offer(start("c1"), end("c1"));
		await().until(() -> !this.harness.server.requests().isEmpty());
		FlushResult result = this.harness.sender.close(Duration.ofMillis(200));
		assertThat(result.completed()).isFalse();
		assertThat(result.pending()).isEqualTo(2);
		await().until(() -> !this.harness.sender.isRunning());
		assertThat(this.harness.stats.snapshot().requestsDropped()).isEqualTo(2);
	}

	@Test
	void closeBeforeStartDropsWhatWasQueued() {
		this.harness.queue = new MemoryRequestQueue(10, MemoryRequestQueue.DEFAULT_MAX_BYTES, this.harness.stats);
		this.harness.sender = new Sender(this.harness.queue,
				new io.weave.client.internal.transport.HttpTransport(io.weave.client.internal.transport.TransportSettings
					.of(this.harness.server.baseUrl(), SenderHarness.API_KEY)),
				SenderHarness.quick(), this.harness.stats, this.harness.deadLetters);
		this.harness.offer(start("c1"));
		FlushResult result = this.harness.sender.close(Duration.ofSeconds(1));
		assertThat(result.pending()).isZero();
		assertThat(this.harness.stats.snapshot().requestsDropped()).isEqualTo(1);
	}

	private static int unusedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
