package io.weave.spring.boot.autoconfigure.tracing;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;

import org.springframework.aop.ClassFilter;
import org.springframework.aop.MethodMatcher;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.MethodMatchers;
import org.springframework.aop.support.StaticMethodMatcher;
import org.springframework.aop.support.annotation.AnnotationClassFilter;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import io.weave.client.WeaveConfigurationException;
import io.weave.spring.WeaveOp;

/**
 * The methods that are traced: those annotated with {@link WeaveOp} or declared by a class
 * (or interface) annotated with it, and those matched by {@code weave.tracing.include} but
 * not by {@code weave.tracing.exclude}. The two are separate pointcuts, for two advisors:
 * AspectJ's {@code bean(…)} can only be decided while a proxy is created, so its class
 * filter must not be consulted again at invocation time, as a union of pointcuts would.
 */
public final class WeaveOpPointcuts {

	private static final String ASPECTJ_PARSER = "org.aspectj.weaver.tools.PointcutParser";

	private WeaveOpPointcuts() {
	}

	/**
	 * Methods annotated with {@link WeaveOp} (on the method, or on an interface or superclass
	 * method it implements), and public methods of annotated types.
	 * @return the pointcut
	 */
	public static Pointcut annotated() {
		Pointcut onMethod = new AnnotationMatchingPointcut(null, WeaveOp.class, true);
		Pointcut onType = new ComposablePointcut(new AnnotationClassFilter(WeaveOp.class, true), PublicMethods.INSTANCE);
		return new ComposablePointcut(onMethod).union(onType);
	}

	/**
	 * Public methods matched by {@code include} and not by {@code exclude}, of classes that
	 * can be proxied, unless they are {@link #annotated()} (traced by that pointcut).
	 * @param include AspectJ expressions of methods to trace without annotations
	 * @param exclude AspectJ expressions of methods not to trace although {@code include}
	 * matches them
	 * @param beanFactory the bean factory, for {@code bean(…)} expressions
	 * @return the pointcut
	 * @throws WeaveConfigurationException if an expression is invalid or AspectJ is missing
	 */
	public static Pointcut included(List<String> include, List<String> exclude, BeanFactory beanFactory) {
		if (!ClassUtils.isPresent(ASPECTJ_PARSER, classLoader(beanFactory))) {
			throw new WeaveConfigurationException("tracing.include", "weave.tracing.include needs AspectJ "
					+ "(org.aspectj:aspectjweaver, for example through spring-boot-starter-aspectj) on the classpath.");
		}
		MethodMatcher notAnnotated = MethodMatchers.negate(annotated().getMethodMatcher());
		return new ComposablePointcut(IncludedMethods.pointcut(include, exclude, beanFactory))
			.intersection(ProxiableClasses.INSTANCE)
			.intersection(PublicMethods.INSTANCE)
			.intersection(notAnnotated);
	}

	private static ClassLoader classLoader(BeanFactory beanFactory) {
		ClassLoader classLoader = (beanFactory instanceof ConfigurableBeanFactory configurable)
				? configurable.getBeanClassLoader() : null;
		return (classLoader != null) ? classLoader : WeaveOpPointcuts.class.getClassLoader();
	}

	/** Public methods other than those of {@link Object}. */
	private static final class PublicMethods extends StaticMethodMatcher {

		static final PublicMethods INSTANCE = new PublicMethods();

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			return Modifier.isPublic(method.getModifiers()) && !ReflectionUtils.isObjectMethod(method);
		}

	}

	/**
	 * Classes that a pattern may select: not final (a class proxy could not subclass them)
	 * and not configuration classes.
	 */
	private static final class ProxiableClasses implements ClassFilter {

		static final ProxiableClasses INSTANCE = new ProxiableClasses();

		@Override
		public boolean matches(Class<?> clazz) {
			return !Modifier.isFinal(clazz.getModifiers())
					&& !AnnotatedElementUtils.hasAnnotation(clazz, Configuration.class);
		}

	}

}
