package io.weave.client.internal.sender;

import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.weave.client.FlushResult;
import io.weave.client.internal.StatsRecorder;
import io.weave.client.internal.transport.HttpTransport;
import io.weave.client.internal.transport.ScriptedTraceServer;
import io.weave.client.internal.transport.TransportSettings;
import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.WireRequest;
import io.weave.test.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An {@link Error} on the sender's thread, here an {@link OutOfMemoryError} while a batch too
 * large for a small heap is assembled, in a JVM of its own.
 */
class SenderErrorTests {

	@Test
	void anOutOfMemoryErrorWhileSendingDoesNotStopTheSender() throws Exception {
		try (ScriptedTraceServer server = new ScriptedTraceServer();
				ChildJvm child = ChildJvm.start(Child.class, List.of("-Xmx48m"), Redirect.DISCARD,
						server.baseUrl())) {
			await().atMost(Duration.ofSeconds(120)).until(() -> child.value("after") != null);
			assertThat(child.value("huge")).as("the huge request is given up on, not sent").startsWith("completed");
			assertThat(child.value("after")).isEqualTo("completed sent=1 running=true");
			assertThat(server.requests("/obj/create")).singleElement()
				.satisfies((request) -> assertThat(request.bodyAsString()).contains("after"));
		}
	}

	/**
	 * Offers a 20 MB call start, which the transport cannot copy into a request body within
	 * its heap, then a small object, and prints how each flush went.
	 */
	public static final class Child {

		private Child() {
		}

		public static void main(String[] args) {
			StatsRecorder stats = new StatsRecorder();
			MemoryRequestQueue queue = new MemoryRequestQueue(1000, 64L * 1024 * 1024, stats);
			HttpTransport transport = new HttpTransport(TransportSettings.of(args[0], SenderHarness.API_KEY));
			SenderSettings settings = SenderHarness.quick()
				.withRetry(new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(5), 2.0, 2, Duration.ZERO));
			Sender sender = new Sender(queue, transport, settings, stats, new RecentDeadLetters());
			sender.start();
			queue.offer(huge(20 * 1024 * 1024));
			System.out.println("huge " + describe(sender.flush(Duration.ofSeconds(30)), sender));
			queue.offer(TestRequests.object("after"));
			System.out.println("after " + describe(sender.flush(Duration.ofSeconds(30)), sender));
			sender.close(Duration.ofSeconds(1));
		}

		private static WireRequest huge(int size) {
			byte[] head = "{\"start\":{\"id\":\"huge\",\"inputs\":\"".getBytes();
			byte[] body = new byte[size];
			Arrays.fill(body, (byte) 'x');
			System.arraycopy(head, 0, body, 0, head.length);
			body[size - 3] = '"';
			body[size - 2] = '}';
			body[size - 1] = '}';
			return new WireRequest(RequestType.CALL_START, "huge", body);
		}

		private static String describe(FlushResult result, Sender sender) {
			return (result.completed() ? "completed" : "incomplete") + " sent=" + result.sent() + " running="
					+ sender.isRunning();
		}

	}

}
