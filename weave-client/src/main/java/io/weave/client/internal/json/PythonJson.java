package io.weave.client.internal.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.POJONode;

/**
 * Byte-for-byte what Python's {@code json.dumps(val, sort_keys=True)} returns for the value
 * the trace server parses out of our JSON: the text the object digests are computed over.
 * <p>
 * Python's defaults: separators {@code ", "} and {@code ": "}, keys sorted by code point,
 * everything outside printable ASCII escaped as lowercase {@code \}{@code uXXXX} (astral
 * characters as surrogate pairs), floats as {@code repr(float)}. Numbers follow what Python
 * reads from the text Jackson writes: integers stay exact, decimals with a fraction or
 * exponent become floats.
 */
public final class PythonJson {

	/** Python compares strings by code point, Java by UTF-16 unit; they differ above U+D7FF. */
	static final Comparator<String> CODE_POINT_ORDER = PythonJson::compareCodePoints;

	private PythonJson() {
	}

	public static String dumps(JsonNode value) {
		StringBuilder out = new StringBuilder(64);
		write(value, out);
		return out.toString();
	}

	private static void write(JsonNode node, StringBuilder out) {
		switch (node.getNodeType()) {
			case OBJECT -> object(node, out);
			case ARRAY -> array(node, out);
			case STRING -> string(node.stringValue(), out);
			case NUMBER -> number(node, out);
			case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
			case BINARY -> string(Base64.getEncoder().encodeToString(node.binaryValue()), out);
			case POJO -> string(String.valueOf(((POJONode) node).getPojo()), out);
			default -> out.append("null");
		}
	}

	private static void object(JsonNode node, StringBuilder out) {
		List<Map.Entry<String, JsonNode>> properties = new ArrayList<>(node.properties());
		properties.sort(Map.Entry.comparingByKey(CODE_POINT_ORDER));
		out.append('{');
		for (int i = 0; i < properties.size(); i++) {
			if (i > 0) {
				out.append(", ");
			}
			string(properties.get(i).getKey(), out);
			out.append(": ");
			write(properties.get(i).getValue(), out);
		}
		out.append('}');
	}

	private static void array(JsonNode node, StringBuilder out) {
		out.append('[');
		for (int i = 0; i < node.size(); i++) {
			if (i > 0) {
				out.append(", ");
			}
			write(node.get(i), out);
		}
		out.append(']');
	}

	private static void number(JsonNode node, StringBuilder out) {
		if (node.isIntegralNumber()) {
			out.append(node.numberValue());
		}
		else if (node.isFloat()) {
			// Jackson writes the float's own shortest form, which Python reads as a double.
			out.append(PythonFloat.repr(Double.parseDouble(Float.toString(node.floatValue()))));
		}
		else if (node.isBigDecimal()) {
			decimal(node.decimalValue(), out);
		}
		else {
			out.append(PythonFloat.repr(node.doubleValue()));
		}
	}

	private static void decimal(BigDecimal decimal, StringBuilder out) {
		String text = decimal.toString();
		boolean integral = text.indexOf('.') < 0 && text.indexOf('E') < 0;
		out.append(integral ? text : PythonFloat.repr(Double.parseDouble(text)));
	}

	static void string(String text, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
				out.append(c);
				continue;
			}
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> unicodeEscape(c, out);
			}
		}
		out.append('"');
	}

	private static void unicodeEscape(char c, StringBuilder out) {
		out.append("\\u");
		for (int shift = 12; shift >= 0; shift -= 4) {
			out.append(Character.forDigit((c >> shift) & 0xF, 16));
		}
	}

	private static int compareCodePoints(String a, String b) {
		int length = Math.min(a.length(), b.length());
		for (int i = 0; i < length; i++) {
			char x = a.charAt(i);
			char y = b.charAt(i);
			if (x != y) {
				if (x >= Character.MIN_SURROGATE && y >= Character.MIN_SURROGATE) {
					return fixUp(x) - fixUp(y);
				}
				return x - y;
			}
		}
		return a.length() - b.length();
	}

	/** Moves surrogates (astral characters) above U+E000..U+FFFF, as code points are. */
	private static int fixUp(char c) {
		return (c >= 0xE000) ? c - 0x800 : c + 0x2000;
	}

}
