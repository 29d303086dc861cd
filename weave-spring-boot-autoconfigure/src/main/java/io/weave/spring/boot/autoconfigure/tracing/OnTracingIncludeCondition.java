package io.weave.spring.boot.autoconfigure.tracing;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code weave.tracing.include} lists at least one expression, in either of
 * the forms a list property can take.
 */
class OnTracingIncludeCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		List<String> include = Binder.get(context.getEnvironment())
			.bind("weave.tracing.include", Bindable.listOf(String.class))
			.orElse(List.of());
		return include.isEmpty() ? ConditionOutcome.noMatch("weave.tracing.include is empty")
				: ConditionOutcome.match("weave.tracing.include lists " + include);
	}

}
