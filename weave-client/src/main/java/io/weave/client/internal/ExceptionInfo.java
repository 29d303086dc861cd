package io.weave.client.internal;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An exception as a call's {@code exception} string: JSON with the type, message and stack
 * frames, in the shape the Python SDK uses, plus the chain of causes.
 */
public final class ExceptionInfo {

	private static final int MAX_FRAMES = 64;

	private static final int MAX_CAUSES = 4;

	private static final JsonMapper MAPPER = JsonMapper.shared();

	private ExceptionInfo() {
	}

	public static String toJson(Throwable exception) {
		try {
			return MAPPER.writeValueAsString(describe(exception, 0));
		}
		catch (RuntimeException ex) {
			return exception.getClass().getName();
		}
	}

	private static ObjectNode describe(Throwable exception, int depth) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		node.put("type", exception.getClass().getName());
		node.put("message", String.valueOf(exception.getMessage()));
		node.set("traceback", frames(exception.getStackTrace()));
		Throwable cause = exception.getCause();
		if (cause != null && cause != exception && depth < MAX_CAUSES) {
			node.set("cause", describe(cause, depth + 1));
		}
		return node;
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
