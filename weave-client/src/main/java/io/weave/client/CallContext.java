package io.weave.client;

import java.util.Map;
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
 * The current call of each thread, which becomes the parent of the next call started on it,
 * and the scopes that add {@linkplain #attributes(Map) attributes} and a
 * {@linkplain #thread(String) thread} to the calls started inside them.
 * <p>
 * Work handed to another thread loses the context unless it is wrapped: the {@code wrap}
 * methods capture the current call and scopes when they are called and make them current
 * around the task wherever it runs, so calls started there get the right {@code trace_id},
 * {@code parent_id}, attributes and thread. For {@link CompletableFuture} stages wrap the
 * function, not the executor: an executor wrapped with {@link #wrap(Executor)} captures the
 * context of the thread that submits to it, which for a dependent stage is the thread that
 * completed the previous stage.
 */
public final class CallContext {

	private static final ThreadLocal<Call> CURRENT = new ThreadLocal<>();

	private static final ThreadLocal<ContextValues> VALUES = new ThreadLocal<>();

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

	/**
	 * Adds {@code attributes} to the {@code attributes} of every call started on this thread
	 * until the returned scope is closed, beside the {@code weave} key the client reserves for
	 * itself (an attribute of that name is left out). Scopes nest: an inner scope's attributes
	 * are added to the outer ones and win on the same key; an attribute given to
	 * {@link CallBuilder#attribute(String, Object)} wins over both. Like the current call, the
	 * attributes are carried to other threads by the {@code wrap} methods.
	 * <pre>{@code
	 * try (Scope scope = CallContext.attributes(Map.of("env", "prod", "customer", id))) {
	 *     assistant.answer(question);
	 * }
	 * }</pre>
	 * @param attributes the attributes; values are serialized and redacted like inputs
	 * @return the scope that restores the previous attributes
	 */
	public static Scope attributes(Map<String, ?> attributes) {
		return enter(ContextValues.orNone(VALUES.get()).withAttributes(attributes));
	}

	/**
	 * Makes every call started on this thread until the returned scope is closed part of the
	 * conversation {@code threadId}: the calls carry it as {@code thread_id}, and each call
	 * that is not a descendant of another call of the same thread starts a turn, whose
	 * {@code turn_id} is that call's id and is carried by all its descendants. Carried to other
	 * threads by the {@code wrap} methods like the current call.
	 * <pre>{@code
	 * try (Scope scope = CallContext.thread(conversationId)) {
	 *     weave.call("answer", Map.of("question", q), () -> assistant.answer(q)); // one turn
	 * }
	 * }</pre>
	 * @param threadId the conversation's id, or {@code null} for calls outside any thread
	 * @return the scope that restores the previous thread
	 */
	public static Scope thread(String threadId) {
		return enter(ContextValues.orNone(VALUES.get()).withThread(threadId));
	}

	/** The attributes the scopes open on this thread add to a call started now; empty outside any. */
	public static Map<String, Object> currentAttributes() {
		return ContextValues.orNone(VALUES.get()).attributes();
	}

	/** The thread id a call started now on this thread carries, or {@code null}. */
	public static String currentThreadId() {
		return ContextValues.orNone(VALUES.get()).threadId();
	}

	private static Scope enter(ContextValues values) {
		ContextValues previous = VALUES.get();
		setValues(values.orNull());
		return () -> setValues(previous);
	}

	/** The scoped values of this thread, {@code null} outside any scope. */
	static ContextValues values() {
		return VALUES.get();
	}

	/** Makes {@code call} and the scoped {@code values} current until the scope closes. */
	private static Scope attach(Call call, ContextValues values) {
		Call previous = current();
		ContextValues previousValues = VALUES.get();
		if (previous == call && previousValues == values) {
			return Scope.NOOP;
		}
		set(call);
		setValues(values);
		return () -> {
			set(previous);
			setValues(previousValues);
		};
	}

	/** Sets the values only when they change: a thread that never enters a scope gets no entry for them. */
	private static void setValues(ContextValues values) {
		if (VALUES.get() != values) {
			VALUES.set(values);
		}
	}

	/** Makes {@code call} (or none) current; the thread's entry stays, as the next call on it needs one again. */
	static void set(Call call) {
		CURRENT.set(call);
	}

	public static Runnable wrap(Runnable task) {
		Call captured = current();
		ContextValues values = VALUES.get();
		return () -> {
			try (Scope scope = attach(captured, values)) {
				task.run();
			}
		};
	}

	public static <T> Callable<T> wrap(Callable<T> task) {
		Call captured = current();
		ContextValues values = VALUES.get();
		return () -> {
			try (Scope scope = attach(captured, values)) {
				return task.call();
			}
		};
	}

	public static <T> Supplier<T> wrapSupplier(Supplier<T> supplier) {
		Call captured = current();
		ContextValues values = VALUES.get();
		return () -> {
			try (Scope scope = attach(captured, values)) {
				return supplier.get();
			}
		};
	}

	public static <T, R> Function<T, R> wrapFunction(Function<T, R> function) {
		Call captured = current();
		ContextValues values = VALUES.get();
		return (value) -> {
			try (Scope scope = attach(captured, values)) {
				return function.apply(value);
			}
		};
	}

	public static <T, U, R> BiFunction<T, U, R> wrapBiFunction(BiFunction<T, U, R> function) {
		Call captured = current();
		ContextValues values = VALUES.get();
		return (first, second) -> {
			try (Scope scope = attach(captured, values)) {
				return function.apply(first, second);
			}
		};
	}

	public static <T> Consumer<T> wrapConsumer(Consumer<T> consumer) {
		Call captured = current();
		ContextValues values = VALUES.get();
		return (value) -> {
			try (Scope scope = attach(captured, values)) {
				consumer.accept(value);
			}
		};
	}

	public static <T, U> BiConsumer<T, U> wrapBiConsumer(BiConsumer<T, U> consumer) {
		Call captured = current();
		ContextValues values = VALUES.get();
		return (first, second) -> {
			try (Scope scope = attach(captured, values)) {
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
