package io.weave.benchmarks.faults;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import io.weave.client.Call;
import io.weave.client.CallContext;
import io.weave.client.WeaveClient;

/**
 * Runs traced calls the way an application does, and prints what the application saw, one
 * line each: {@code traced <id>} once a call has returned, {@code exception <type>: <message>}
 * for anything that came out of it (tracing must never throw into the application), and
 * {@code hung <thread>} once for each call that has not returned after a generous bound.
 */
final class CallRunner {

	private final WeaveClient client;

	private final long hangNanos;

	private final Map<Thread, Running> running = new ConcurrentHashMap<>();

	CallRunner(WeaveClient client, Duration hangBound) {
		this.client = client;
		this.hangNanos = hangBound.toNanos();
		Thread watchdog = new Thread(this::watch, "harness-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
	}

	/**
	 * Traces one call around {@code body}; whatever it throws is caught and reported, never
	 * rethrown.
	 * @param body what the traced method does, given the call's id
	 */
	void call(String opName, Map<String, ?> inputs, CallBody body) {
		String[] id = new String[1];
		Throwable thrown = null;
		this.running.put(Thread.currentThread(), new Running(System.nanoTime()));
		try {
			this.client.run(opName, inputs, () -> {
				Call call = CallContext.current();
				id[0] = (call != null) ? call.id() : "untraced";
				body.run(id[0]);
			});
			System.out.println("traced " + id[0]);
		}
		catch (Throwable ex) {
			thrown = ex;
		}
		finally {
			this.running.remove(Thread.currentThread());
		}
		if (thrown != null) {
			report(thrown);
		}
	}

	/**
	 * Prints what was thrown. The {@link InternalError} of a fault on a mapped file arrives
	 * asynchronously, possibly again while the first is being printed: that one counts too.
	 */
	static void report(Throwable thrown) {
		for (int attempt = 0; attempt < 10; attempt++) {
			try {
				System.out.println("exception " + describe(thrown));
				return;
			}
			catch (Throwable again) {
				thrown = again;
			}
		}
	}

	private static String describe(Throwable ex) {
		String message = String.valueOf(ex.getMessage()).replace('\n', ' ').replace('\r', ' ');
		return ex.getClass().getName() + ": " + ((message.length() > 200) ? message.substring(0, 200) : message);
	}

	private void watch() {
		while (true) {
			LockSupport.parkNanos(100_000_000);
			long now = System.nanoTime();
			this.running.forEach((thread, call) -> {
				if (!call.reported && now - call.startNanos > this.hangNanos) {
					call.reported = true;
					System.out.println("hung " + thread.getName());
				}
			});
		}
	}

	@FunctionalInterface
	interface CallBody {

		void run(String id);

	}

	/** A call on its way; {@code reported} is only touched by the watchdog. */
	private static final class Running {

		private final long startNanos;

		private boolean reported;

		Running(long startNanos) {
			this.startNanos = startNanos;
		}

	}

}
