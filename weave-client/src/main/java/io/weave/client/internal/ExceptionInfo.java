package io.weave.client.internal;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.weave.client.internal.json.Redactor;

/**
 * An exception as a call's {@code exception} string: JSON with the type, message and stack
 * frames, in the shape the Python SDK uses, plus the chain of causes. Messages are capped (one
 * of many megabytes would make an end record the server rejects) and the values of redacted
 * keys in them are replaced.
 */
public final class ExceptionInfo {

	private static final int MAX_FRAMES = 64;

	private static final int MAX_CAUSES = 4;

	/** Characters of a message kept; the rest is cut and counted. */
	static final int MAX_MESSAGE_CHARS = 16 * 1024;

	private static final JsonMapper MAPPER = JsonMapper.shared();

	private ExceptionInfo() {
	}

	public static String toJson(Throwable exception) {
		return toJson(exception, Redactor.defaults());
	}

	public static String toJson(Throwable exception, Redactor redactor) {
		try {
			return MAPPER.writeValueAsString(describe(exception, redactor, 0));
		}
		catch (RuntimeException ex) {
			return exception.getClass().getName();
		}
	}

	private static ObjectNode describe(Throwable exception, Redactor redactor, int depth) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		node.put("type", exception.getClass().getName());
		node.put("message", message(exception, redactor));
		node.set("traceback", frames(exception.getStackTrace()));
		Throwable cause = exception.getCause();
		if (cause != null && cause != exception && depth < MAX_CAUSES) {
			node.set("cause", describe(cause, redactor, depth + 1));
		}
		return node;
	}

	/** Capped first, so that redaction reads a bounded text. */
	private static String message(Throwable exception, Redactor redactor) {
		String message = String.valueOf(exception.getMessage());
		if (message.length() > MAX_MESSAGE_CHARS) {
			int end = Character.isHighSurrogate(message.charAt(MAX_MESSAGE_CHARS - 1)) ? MAX_MESSAGE_CHARS - 1
					: MAX_MESSAGE_CHARS;
			message = message.substring(0, end) + "… [" + (message.length() - end) + " more characters cut]";
		}
		return redactor.redactText(message);
	}

	private static ArrayNode frames(StackTraceElement[] elements) {
		ArrayNode frames = JsonNodeFactory.instance.arrayNode();
		for (int i = 0; i < Math.min(elements.length, MAX_FRAMES); i++) {
			StackTraceElement element = elements[i];
			ObjectNode frame = frames.addObject();
			frame.put("filename", (element.getFileName() != null) ? element.getFileName() : element.getClassName());
			if (element.getLineNumber() >= 0) {
				frame.put("line_number", element.getLineNumber());
			}
			frame.put("function_name", element.getClassName() + "." + element.getMethodName());
		}
		if (elements.length > MAX_FRAMES) {
			frames.addObject().put("function_name", "… " + (elements.length - MAX_FRAMES) + " more frames");
		}
		return frames;
	}

}
