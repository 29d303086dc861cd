package io.weave.spring.boot.autoconfigure.tracing;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.aop.Pointcut;
import org.springframework.aop.aspectj.AspectJExpressionPointcut;
import org.springframework.beans.factory.BeanFactory;

import io.weave.client.WeaveConfigurationException;

/**
 * The pointcut of {@code weave.tracing.include} and {@code weave.tracing.exclude}: one
 * AspectJ expression, {@code (include…) && !(exclude…)}. Loaded only when AspectJ is present.
 */
final class IncludedMethods {

	private IncludedMethods() {
	}

	static Pointcut pointcut(List<String> include, List<String> exclude, BeanFactory beanFactory) {
		include.forEach((expression) -> validate("tracing.include", expression, beanFactory));
		exclude.forEach((expression) -> validate("tracing.exclude", expression, beanFactory));
		String expression = anyOf(include);
		if (!exclude.isEmpty()) {
			expression = "(" + expression + ") && !(" + anyOf(exclude) + ")";
		}
		return expressionPointcut(expression, beanFactory);
	}

	private static String anyOf(List<String> expressions) {
		return expressions.stream().map((expression) -> "(" + expression + ")").collect(Collectors.joining(" || "));
	}

	private static void validate(String setting, String expression, BeanFactory beanFactory) {
		try {
			expressionPointcut(expression, beanFactory).getPointcutExpression();
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			throw new WeaveConfigurationException(setting, "Invalid AspectJ pointcut expression '" + expression
					+ "' in weave." + setting + ": " + ex.getMessage());
		}
	}

	private static AspectJExpressionPointcut expressionPointcut(String expression, BeanFactory beanFactory) {
		AspectJExpressionPointcut pointcut = new AspectJExpressionPointcut();
		pointcut.setExpression(expression);
		pointcut.setBeanFactory(beanFactory);
		return pointcut;
	}

}
