package io.weave.spring.boot.autoconfigure.tracing;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.StringUtils;

import io.weave.spring.WeaveOp;

/**
 * What a traced method contributes to its calls: the op's name, the signature that
 * identifies the op's code, and the names of the inputs.
 */
final class OpMethod {

	private static final ParameterNameDiscoverer parameterNameDiscoverer = new DefaultParameterNameDiscoverer();

	private final String name;

	private final String signature;

	private final String[] parameterNames;

	private OpMethod(String name, String signature, String[] parameterNames) {
		this.name = name;
		this.signature = signature;
		this.parameterNames = parameterNames;
	}

	/**
	 * Describes {@code method} as implemented by {@code targetClass}.
	 * @param method the most specific method, on the target class
	 * @param targetClass the user class of the bean
	 * @return the description
	 */
	static OpMethod of(Method method, Class<?> targetClass) {
		return new OpMethod(name(method, targetClass), method.toGenericString(), parameterNames(method));
	}

	/** The op's name: the annotation's, else {@code SimpleClassName.method}. */
	String name() {
		return this.name;
	}

	/** The method's generic signature, which identifies the op's code. */
	String signature() {
		return this.signature;
	}

	/** The call's inputs: each argument by its parameter's name. */
	Map<String, @Nullable Object> inputs(@Nullable Object[] arguments) {
		Map<String, @Nullable Object> inputs = new LinkedHashMap<>();
		for (int i = 0; i < arguments.length; i++) {
			inputs.put((i < this.parameterNames.length) ? this.parameterNames[i] : "arg" + i, arguments[i]);
		}
		return inputs;
	}

	private static String name(Method method, Class<?> targetClass) {
		WeaveOp onMethod = AnnotatedElementUtils.findMergedAnnotation(method, WeaveOp.class);
		if (onMethod != null && StringUtils.hasText(onMethod.name())) {
			return onMethod.name().trim();
		}
		WeaveOp onClass = AnnotatedElementUtils.findMergedAnnotation(targetClass, WeaveOp.class);
		String prefix = (onClass != null && StringUtils.hasText(onClass.name())) ? onClass.name().trim()
				: targetClass.getSimpleName();
		return prefix + "." + method.getName();
	}

	private static String[] parameterNames(Method method) {
		String[] names = parameterNameDiscoverer.getParameterNames(method);
		if (names != null) {
			return names;
		}
		String[] positional = new String[method.getParameterCount()];
		for (int i = 0; i < positional.length; i++) {
			positional[i] = "arg" + i;
		}
		return positional;
	}

}
