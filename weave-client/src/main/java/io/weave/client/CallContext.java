package io.weave.client;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The current call of each thread, which becomes the parent of the next call started on it.
 * <p>
 * Work handed to another thread loses the context unless it is wrapped: the {@code wrap}
 * methods capture the current call when they are called and make it current around the
 * task wherever it runs, so calls started there get the right {@code trace_id} and
 * {@code parent_id}. For {@link CompletableFuture} stages wrap the function, not the
 * executor: an executor wrapped with {@link #wrap(Executor)} captures the context of the
 * thread that submits to it, which for a dependent stage is the thread that completed the
 * previous stage.
 */
public final class CallContext {

	private static final ThreadLocal<Call> CURRENT = new ThreadLocal<>();

	private CallContext() {
	}

	/**
	 * The current call of this thread, or {@code null}. A call that has ended (possibly on
	 * another thread, which cannot reset this one) is no longer current: what was current
	 * before it started takes its place.
	 */
	public static Call current() {
		Call call = CURRENT.get();
		if (call == null || !call.isEnded()) {
			return call;
		}
		while (call != null && call.isEnded()) {
			call = call.previous();
		}
		set(call);
		return call;
	}

	/**
	 * Makes {@code call} current on this thread until the returned scope is closed.
	 * @param call the call, or {@code null} to run with no current call
	 * @return the scope that restores the previous call
	 */
	public static Scope attach(Call call) {
		Call previous = current();
		if (previous == call) {
			return Scope.NOOP;
		}
		set(call);
		return () -> set(previous);
	}

	/** Makes {@code call} (or none) current; the thread's entry stays, as the next call on it needs one again. */
	static void set(Call call) {
		CURRENT.set(call);
	}

	public static Runnable wrap(Runnable task) {
		Call captured = current();
		return () -> {
			try (Scope scope = attach(captured)) {
				task.run();
			}
		};
	}

	public static <T> Callable<T> wrap(Callable<T> task) {
		Call captured = current();
		return () -> {
			try (Scope scope = attach(captured)) {
				return task.call();
			}
		};
	}

	public static <T> Supplier<T> wrapSupplier(Supplier<T> supplier) {
		Call captured = current();
		return () -> {
			try (Scope scope = attach(captured)) {
				return supplier.get();
			}
		};
	}

	public static <T, R> Function<T, R> wrapFunction(Function<T, R> function) {
		Call captured = current();
		return (value) -> {
			try (Scope scope = attach(captured)) {
				return function.apply(value);
			}
		};
	}

	public static <T, U, R> BiFunction<T, U, R> wrapBiFunction(BiFunction<T, U, R> function) {
		Call captured = current();
		return (first, second) -> {
			try (Scope scope = attach(captured)) {
				return function.apply(first, second);
			}
		};
	}

	public static <T> Consumer<T> wrapConsumer(Consumer<T> consumer) {
		Call captured = current();
		return (value) -> {
			try (Scope scope = attach(captured)) {
				consumer.accept(value);
			}
		};
	}

	public static <T, U> BiConsumer<T, U> wrapBiConsumer(BiConsumer<T, U> consumer) {
		Call captured = current();
		return (first, second) -> {
			try (Scope scope = attach(captured)) {
				consumer.accept(first, second);
			}
		};
	}

	/** An executor that runs each task with the call that was current when it was submitted. */
	public static Executor wrap(Executor executor) {
		if (executor instanceof ContextExecutorService || executor instanceof ContextExecutor) {
			return executor;
		}
		return new ContextExecutor(executor);
	}

	/** An executor service that runs each task with the call that was current when it was submitted. */
	public static ExecutorService wrap(ExecutorService executor) {
		return (executor instanceof ContextExecutorService) ? executor : new ContextExecutorService(executor);
	}

	/** {@link CompletableFuture#supplyAsync(Supplier, Executor)} that keeps the current call. */
	public static <T> CompletableFuture<T> supplyAsync(Supplier<T> supplier, Executor executor) {
		return CompletableFuture.supplyAsync(wrapSupplier(supplier), executor);
	}

	/** {@link CompletableFuture#runAsync(Runnable, Executor)} that keeps the current call. */
	public static CompletableFuture<Void> runAsync(Runnable task, Executor executor) {
		return CompletableFuture.runAsync(wrap(task), executor);
	}

	private record ContextExecutor(Executor delegate) implements Executor {

		@Override
		public void execute(Runnable command) {
			this.delegate.execute(wrap(command));
		}

	}

}
