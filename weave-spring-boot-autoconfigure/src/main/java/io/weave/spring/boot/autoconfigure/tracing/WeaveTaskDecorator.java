package io.weave.spring.boot.autoconfigure.tracing;

import org.springframework.core.task.TaskDecorator;

import io.weave.client.CallContext;

/**
 * Runs each task with the Weave call that was current when it was submitted, so that
 * calls started by {@code @Async} methods and other tasks on Spring's task executors keep
 * their parent. Spring Boot applies {@code TaskDecorator} beans to the executors it
 * auto-configures.
 */
public final class WeaveTaskDecorator implements TaskDecorator {

	@Override
	public Runnable decorate(Runnable runnable) {
		return CallContext.wrap(runnable);
	}

}
