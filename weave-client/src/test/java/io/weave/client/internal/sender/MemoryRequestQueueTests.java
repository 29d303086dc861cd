package io.weave.client.internal.sender;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.weave.client.internal.StatsRecorder;

import static io.weave.client.internal.sender.TestRequests.end;
import static io.weave.client.internal.sender.TestRequests.start;
import static org.assertj.core.api.Assertions.assertThat;

class MemoryRequestQueueTests {

	private final StatsRecorder stats = new StatsRecorder();

	@Test
	void numbersRequestsInOrder() {
		MemoryRequestQueue queue = new MemoryRequestQueue(10, 1_000_000, this.stats);
		queue.offer(start("c1"));
		queue.offer(end("c1"));
		assertThat(queue.lastSequence()).isEqualTo(2);
		assertThat(queue.poll().sequence()).isEqualTo(1);
		assertThat(queue.poll()).satisfies((request) -> {
			assertThat(request.sequence()).isEqualTo(2);
			assertThat(request.request().key()).isEqualTo("c1");
		});
		assertThat(queue.poll()).isNull();
		assertThat(this.stats.snapshot().requestsEnqueued()).isEqualTo(2);
	}

	@Test
	void dropsAndCountsWhenFull() {
		MemoryRequestQueue queue = new MemoryRequestQueue(2, 1_000_000, this.stats);
		assertThat(queue.offer(start("c1"))).isTrue();
		assertThat(queue.offer(start("c2"))).isTrue();
		assertThat(queue.offer(start("c3"))).isFalse();
		assertThat(queue.size()).isEqualTo(2);
		assertThat(queue.lastSequence()).isEqualTo(2);
		assertThat(this.stats.snapshot().requestsDropped()).isEqualTo(1);
		queue.poll();
		assertThat(queue.offer(start("c4"))).isTrue();
		assertThat(queue.lastSequence()).isEqualTo(3);
	}

	@Test
	void boundsTheBytesHeld() {
		int size = start("c1").size();
		MemoryRequestQueue queue = new MemoryRequestQueue(100, 2L * size, this.stats);
		assertThat(queue.offer(start("c1"))).isTrue();
		assertThat(queue.offer(start("c2"))).isTrue();
		assertThat(queue.offer(start("c3"))).isFalse();
		queue.poll();
		assertThat(queue.offer(start("c4"))).isTrue();
	}

	@Test
	void dropsEverythingOfferedAfterClose() {
		MemoryRequestQueue queue = new MemoryRequestQueue(10, 1_000_000, this.stats);
		queue.offer(start("c1"));
		queue.close();
		assertThat(queue.offer(start("c2"))).isFalse();
		assertThat(queue.poll().request().key()).isEqualTo("c1");
		assertThat(this.stats.snapshot().requestsDropped()).isEqualTo(1);
	}

	@Test
	void wakeUpEndsAWaitingPollEvenWhenItCameFirst() throws InterruptedException {
		MemoryRequestQueue queue = new MemoryRequestQueue(10, 1_000_000, this.stats);
		queue.wakeUp();
		assertThat(queue.poll(1, TimeUnit.HOURS)).isNull();
	}

	@Test
	void waitingPollReturnsAnOfferedRequest() throws Exception {
		MemoryRequestQueue queue = new MemoryRequestQueue(10, 1_000_000, this.stats);
		Thread producer = new Thread(() -> queue.offer(start("c1")));
		producer.start();
		assertThat(queue.poll(1, TimeUnit.HOURS).request().key()).isEqualTo("c1");
		producer.join();
	}

}
