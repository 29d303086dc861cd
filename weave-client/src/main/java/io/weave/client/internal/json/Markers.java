package io.weave.client.internal.json;

import java.lang.reflect.InvocationTargetException;

/**
 * The texts that stand in for what the serializer cut or could not serialize. They are
 * human-readable on purpose: they show up in the trace UI where the value would have been.
 */
final class Markers {

	/** The map key under which a truncated map reports how many entries it left out. */
	static final String TRUNCATED_KEY = "…";

	private static final int MAX_MESSAGE_CHARS = 200;

	private Markers() {
	}

	static String truncatedChars(int count) {
		return "…[truncated " + count + " chars]";
	}

	static String truncatedItems(int count) {
		return "…[truncated " + count + " items]";
	}

	static String truncatedEntries(int count) {
		return "[truncated " + count + " entries]";
	}

	static String moreItems() {
		return "…[truncated: more items]";
	}

	static String tooDeep(Object value, int maxDepth) {
		return "…[truncated " + typeName(value) + ": nested deeper than " + maxDepth + " levels]";
	}

	static String cyclic(Object value) {
		return unserializable(typeName(value), "cyclic reference");
	}

	static String noProperties(Object value) {
		return unserializable(typeName(value), "no properties");
	}

	static String notIntrospectable(Object value) {
		return unserializable(typeName(value), "Jackson cannot introspect its type");
	}

	static String notConsumed(Object value) {
		return unserializable(typeName(value), "not consumed");
	}

	static String failed(Object value, Throwable ex) {
		return unserializable(typeName(value), describe(ex));
	}

	static String getterFailed(Object bean, String property, Throwable ex) {
		return unserializable(typeName(bean) + "." + property, "getter threw " + describe(ex));
	}

	private static String unserializable(String what, String why) {
		return "<unserializable " + what + ": " + why + ">";
	}

	private static String typeName(Object value) {
		return value.getClass().getName();
	}

	static String describe(Throwable ex) {
		Throwable cause = (ex instanceof InvocationTargetException && ex.getCause() != null) ? ex.getCause() : ex;
		String message;
		try {
			message = cause.getMessage();
		}
		catch (RuntimeException failure) {
			message = null;
		}
		if (message == null || message.isEmpty()) {
			return cause.getClass().getName();
		}
		if (message.length() > MAX_MESSAGE_CHARS) {
			message = message.substring(0, MAX_MESSAGE_CHARS) + "…";
		}
		return cause.getClass().getName() + ": " + message;
	}

}
