package io.weave.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Traces a Spring bean's method as a Weave op: each invocation becomes a call whose inputs
 * are the method's arguments by parameter name, whose output is its return value and whose
 * parent is the call current on the invoking thread.
 * <p>
 * On a class (or an interface), every public method of the bean is traced. A method
 * returning a {@link java.util.concurrent.CompletionStage} ends its call when the stage
 * completes. Tracing never changes what the method returns or throws.
 *
 * <pre>{@code
 * @Service
 * class SupportAssistant {
 *
 *     @WeaveOp
 *     Answer answer(Ticket ticket) { ... }          // op "SupportAssistant.answer"
 *
 *     @WeaveOp(name = "retrieve-documents")
 *     List<Document> retrieve(String query) { ... } // op "retrieve-documents"
 *
 * }
 * }</pre>
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface WeaveOp {

	/**
	 * The op's name. On a method it defaults to {@code SimpleClassName.methodName}; on a class
	 * it replaces the simple class name in the names of the class's ops.
	 * @return the op's name, or empty for the default
	 */
	String name() default "";

}
