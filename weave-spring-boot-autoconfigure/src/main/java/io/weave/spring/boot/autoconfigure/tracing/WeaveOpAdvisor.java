package io.weave.spring.boot.autoconfigure.tracing;

import org.aopalliance.aop.Advice;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;

/**
 * Applies the {@link WeaveOpInterceptor} to the methods selected by {@link WeaveOpPointcuts}.
 */
public final class WeaveOpAdvisor extends AbstractPointcutAdvisor {

	private final Pointcut pointcut;

	private final WeaveOpInterceptor interceptor;

	public WeaveOpAdvisor(Pointcut pointcut, WeaveOpInterceptor interceptor) {
		this.pointcut = pointcut;
		this.interceptor = interceptor;
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public Advice getAdvice() {
		return this.interceptor;
	}

}
