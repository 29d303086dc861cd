package io.weave.spring.boot.autoconfigure.tracing;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.BridgeMethodResolver;
import org.springframework.core.MethodClassKey;
import org.springframework.util.ClassUtils;

import io.weave.client.Call;
import io.weave.client.CallContext;
import io.weave.client.WeaveClient;

/**
 * Runs each intercepted method as a Weave call: the arguments are its inputs, the return
 * value its output and an exception is recorded and rethrown unchanged. A method returning
 * a {@link CompletionStage} ends its call when the stage completes.
 * <p>
 * Tracing never reaches the method's caller: if a call cannot be started the method runs
 * untraced.
 */
public final class WeaveOpInterceptor implements MethodInterceptor {

	private static final Logger logger = LoggerFactory.getLogger(WeaveOpInterceptor.class);

	private final Supplier<WeaveClient> client;

	private final Map<MethodClassKey, OpMethod> ops = new ConcurrentHashMap<>();

	private final AtomicBoolean warned = new AtomicBoolean();

	/**
	 * Creates an interceptor that records calls with the given client.
	 * @param client supplies the client, at the first traced invocation
	 */
	public WeaveOpInterceptor(Supplier<WeaveClient> client) {
		this.client = client;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Call previous = CallContext.current();
		Call call = start(invocation);
		if (call == null) {
			return invocation.proceed();
		}
		Object result;
		try {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			call.fail(ex);
			throw ex;
		}
		if (result instanceof CompletionStage<?> stage) {
			endOnCompletion(call, stage, previous);
		}
		else {
			call.end(result);
		}
		return result;
	}

	private @Nullable Call start(MethodInvocation invocation) {
		try {
			OpMethod op = op(invocation);
			return this.client.get()
				.newCall(op.name())
				.signature(op.signature())
				.inputs(op.inputs(invocation.getArguments()))
				.start();
		}
		catch (RuntimeException | LinkageError ex) {
			// Warn once: a broken setup would otherwise log on every traced invocation.
			if (this.warned.compareAndSet(false, true)) {
				logger.warn("Weave: could not trace {}; it runs untraced, as do further ops that fail to start "
						+ "(logged at DEBUG)", invocation.getMethod(), ex);
			}
			else {
				logger.debug("Weave: could not trace {}; it runs untraced", invocation.getMethod(), ex);
			}
			return null;
		}
	}

	private OpMethod op(MethodInvocation invocation) {
		Object target = invocation.getThis();
		Class<?> targetClass = (target != null) ? ClassUtils.getUserClass(AopUtils.getTargetClass(target))
				: invocation.getMethod().getDeclaringClass();
		Method method = invocation.getMethod();
		return this.ops.computeIfAbsent(new MethodClassKey(method, targetClass), (key) -> {
			Method specific = BridgeMethodResolver.findBridgedMethod(AopUtils.getMostSpecificMethod(method, targetClass));
			return OpMethod.of(specific, targetClass);
		});
	}

	/**
	 * Ends the call when {@code stage} completes, which may be on another thread, and makes
	 * {@code previous} current again on this thread meanwhile, so that the call does not
	 * become the parent of unrelated calls started here.
	 */
	private static void endOnCompletion(Call call, CompletionStage<?> stage, @Nullable Call previous) {
		try {
			stage.whenComplete((value, failure) -> {
				if (failure != null) {
					call.fail(unwrap(failure));
				}
				else {
					call.end(value);
				}
			});
		}
		catch (RuntimeException ex) {
			logger.warn("Weave: could not follow the completion of {}; the call ends now", call, ex);
			call.end(stage);
		}
		CallContext.attach(previous);
	}

	private static Throwable unwrap(Throwable failure) {
		if ((failure instanceof CompletionException || failure instanceof ExecutionException)
				&& failure.getCause() != null) {
			return failure.getCause();
		}
		return failure;
	}

}
