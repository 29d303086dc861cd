package io.weave.test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;

/**
 * Writes JSON exactly as Python's {@code json.dumps(value, sort_keys=True)} does with its
 * defaults: separators {@code ", "} and {@code ": "}, keys sorted by code point, non-ASCII
 * escaped as {@code \\uXXXX}, floats as Python's {@code repr}.
 */
final class PythonJson {

	private static final Comparator<String> CODE_POINT_ORDER = (left, right) -> {
		int[] a = left.codePoints().toArray();
		int[] b = right.codePoints().toArray();
		int common = Math.min(a.length, b.length);
		for (int i = 0; i < common; i++) {
			if (a[i] != b[i]) {
				return Integer.compare(a[i], b[i]);
			}
		}
		return Integer.compare(a.length, b.length);
	};

	private PythonJson() {
	}

	static String dumps(JsonNode value) {
		StringBuilder out = new StringBuilder();
		write(value, out);
		return out.toString();
	}

	private static void write(JsonNode value, StringBuilder out) {
		if (value.isObject()) {
			writeObject(value, out);
		}
		else if (value.isArray()) {
			out.append('[');
			for (int i = 0; i < value.size(); i++) {
				out.append((i > 0) ? ", " : "");
				write(value.get(i), out);
			}
			out.append(']');
		}
		else if (value.isString()) {
			writeString(value.stringValue(), out);
		}
		else if (value.isIntegralNumber()) {
			out.append(value.bigIntegerValue());
		}
		else if (value.isNumber()) {
			out.append(repr(value.doubleValue()));
		}
		else if (value.isBoolean()) {
			out.append(value.booleanValue() ? "true" : "false");
		}
		else if (value.isNull() || value.isMissingNode()) {
			out.append("null");
		}
		else {
			throw new IllegalArgumentException("Not a JSON value: " + value.getNodeType());
		}
	}

	private static void writeObject(JsonNode value, StringBuilder out) {
		List<String> names = new ArrayList<>(value.propertyNames());
		names.sort(CODE_POINT_ORDER);
		out.append('{');
		for (int i = 0; i < names.size(); i++) {
			out.append((i > 0) ? ", " : "");
			writeString(names.get(i), out);
			out.append(": ");
			write(value.get(names.get(i)), out);
		}
		out.append('}');
	}

	private static void writeString(String value, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> {
					if (c < 0x20 || c > 0x7e) {
						out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

	/**
	 * Format a double as Python's {@code repr} does: the shortest digits that read back as the
	 * same double, in positional notation for decimal exponents from -4 to 16.
	 * @param value the value
	 * @return the Python representation
	 */
	static String repr(double value) {
		if (Double.isNaN(value)) {
			return "NaN";
		}
		if (Double.isInfinite(value)) {
			return (value > 0) ? "Infinity" : "-Infinity";
		}
		if (value == 0) {
			return (Double.doubleToRawLongBits(value) < 0) ? "-0.0" : "0.0";
		}
		BigDecimal shortest = shortest(value);
		String digits = shortest.unscaledValue().abs().toString();
		int decimalPoint = digits.length() - shortest.scale();
		return ((value < 0) ? "-" : "") + format(digits, decimalPoint);
	}

	private static BigDecimal shortest(double value) {
		BigDecimal exact = new BigDecimal(value);
		for (int precision = 1; precision < 17; precision++) {
			BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
			if (Double.parseDouble(rounded.toString()) == value) {
				return rounded.stripTrailingZeros();
			}
		}
		return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
	}

	private static String format(String digits, int decimalPoint) {
		int length = digits.length();
		if (decimalPoint <= -4 || decimalPoint > 16) {
			String mantissa = digits.charAt(0) + ((length > 1) ? "." + digits.substring(1) : "");
			int exponent = decimalPoint - 1;
			return mantissa + "e" + ((exponent < 0) ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
		}
		if (decimalPoint <= 0) {
			return "0." + "0".repeat(-decimalPoint) + digits;
		}
		if (decimalPoint >= length) {
			return digits + "0".repeat(decimalPoint - length) + ".0";
		}
		return digits.substring(0, decimalPoint) + "." + digits.substring(decimalPoint);
	}

}
