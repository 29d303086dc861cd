package io.weave.spring.boot.autoconfigure.tracing;

import java.util.concurrent.CompletableFuture;

import org.springframework.scheduling.annotation.Async;

import io.weave.spring.WeaveOp;

/** Beans whose methods are traced in the tests. */
public final class TracedBeans {

	private TracedBeans() {
	}

	public interface Greeter {

		@WeaveOp
		String greet(String name);

	}

	public static class DefaultGreeter implements Greeter {

		@Override
		public String greet(String name) {
			return "Hello, " + name;
		}

	}

	public static class Assistant {

		private final Retriever retriever;

		public Assistant(Retriever retriever) {
			this.retriever = retriever;
		}

		@WeaveOp
		public String answer(String question, int attempts) {
			return this.retriever.retrieve(question) + " (" + attempts + ")";
		}

		@WeaveOp(name = "fail-fast")
		public void fail(String reason) {
			throw new IllegalStateException(reason);
		}

		@WeaveOp
		public CompletableFuture<String> later(CompletableFuture<String> source) {
			return source;
		}

		@WeaveOp
		public String now() {
			return "now";
		}

	}

	@WeaveOp(name = "retriever")
	public static class Retriever {

		public String retrieve(String query) {
			return "documents about " + query;
		}

		@Override
		public String toString() {
			return "Retriever";
		}

	}

	public static class PlainService {

		public int work(int amount) {
			return amount * 2;
		}

		public String skipped() {
			return "skipped";
		}

	}

	public static class AsyncWorker {

		@Async
		@WeaveOp
		public CompletableFuture<String> work(String task) {
			return CompletableFuture.completedFuture(task + " done on " + Thread.currentThread().getName());
		}

	}

	public static class Dispatcher {

		private final AsyncWorker worker;

		public Dispatcher(AsyncWorker worker) {
			this.worker = worker;
		}

		@WeaveOp
		public String dispatch(String task) {
			return this.worker.work(task).join();
		}

	}

}
