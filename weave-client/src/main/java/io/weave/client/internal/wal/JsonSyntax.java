package io.weave.client.internal.wal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks that bytes are one JSON value, without building anything: how the reader validates a
 * record's body, the bulk of every line it reads. Strict JSON as Jackson reads it by default (no
 * comments, no leading zeros, no {@code NaN}), with the same check of multi-byte characters as
 * Jackson makes when it skips a value: a valid lead byte followed by continuation bytes.
 */
final class JsonSyntax {

	/** Deeper values are left to Jackson, so that no input can exhaust the stack here. */
	private static final int MAX_DEPTH = 512;

	private static final int INVALID = -1;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final int TOO_DEEP = -2;

	private final byte[] bytes;

	private final int end;

	private JsonSyntax(byte[] bytes, int end) {
		this.bytes = bytes;
		this.end = end;
	}

	/**
	 * Where the JSON object starting at {@code from} ends (the index after its closing brace),
	 * {@code -1} if the bytes up to {@code end} do not start with a valid object, {@code -2} if
	 * it nests too deeply to tell here.
	 */
	static int objectEnd(byte[] bytes, int from, int end) {
		if (from >= end || bytes[from] != '{') {
			return INVALID;
		}
		return new JsonSyntax(bytes, end).value(from, 0);
	}

	/** The index after the value starting at {@code at}, or a negative outcome. */
	private int value(int at, int depth) {
		if (at >= this.end) {
			return INVALID;
		}
		return switch (this.bytes[at]) {
			case '{' -> object(at + 1, depth + 1);
			case '[' -> array(at + 1, depth + 1);
			case '"' -> string(at + 1);
			case 't' -> literal(at, "true");
			case 'f' -> literal(at, "false");
			case 'n' -> literal(at, "null");
			default -> number(at);
		};
	}

	private int object(int at, int depth) {
		if (depth > MAX_DEPTH) {
			return TOO_DEEP;
		}
		at = whitespace(at);
		if (at < this.end && this.bytes[at] == '}') {
			return at + 1;
		}
		while (true) {
			if (at >= this.end || this.bytes[at] != '"') {
				return INVALID;
			}
			at = string(at + 1);
			if (at < 0) {
				return at;
			}
			at = whitespace(at);
			if (at >= this.end || this.bytes[at] != ':') {
				return INVALID;
			}
			at = value(whitespace(at + 1), depth);
			if (at < 0) {
				return at;
			}
			at = whitespace(at);
			if (at >= this.end) {
				return INVALID;
			}
			if (this.bytes[at] == '}') {
				return at + 1;
			}
			if (this.bytes[at] != ',') {
				return INVALID;
			}
			at = whitespace(at + 1);
		}
	}

	private int array(int at, int depth) {
		if (depth > MAX_DEPTH) {
			return TOO_DEEP;
		}
		at = whitespace(at);
		if (at < this.end && this.bytes[at] == ']') {
			return at + 1;
		}
		while (true) {
			at = value(at, depth);
			if (at < 0) {
				return at;
			}
			at = whitespace(at);
			if (at >= this.end) {
				return INVALID;
			}
			if (this.bytes[at] == ']') {
				return at + 1;
			}
			if (this.bytes[at] != ',') {
				return INVALID;
			}
			at = whitespace(at + 1);
		}
	}

	/** From just after the opening quote; the index after the closing one. */
	private int string(int at) {
		byte[] b = this.bytes;
		// eight plain characters at a time: no quote, backslash, control or non-ASCII byte
		while (at + Long.BYTES <= this.end && isPlain((long) LONGS.get(b, at))) {
			at += Long.BYTES;
		}
		while (at < this.end) {
			byte c = b[at];
			if (c == '"') {
				return at + 1;
			}
			if (c == '\\') {
				if (at + 1 >= this.end) {
					return INVALID;
				}
				switch (b[at + 1]) {
					case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> at += 2;
					case 'u' -> {
						if (at + 6 > this.end || !isHex(b[at + 2]) || !isHex(b[at + 3]) || !isHex(b[at + 4])
								|| !isHex(b[at + 5])) {
							return INVALID;
						}
						at += 6;
					}
					default -> {
						return INVALID;
					}
				}
			}
			else if (c >= 0 && c < 0x20) {
				return INVALID;
			}
			else if (c < 0) {
				at = multiByte(at, c);
				if (at < 0) {
					return INVALID;
				}
			}
			else {
				at++;
			}
		}
		return INVALID;
	}

	/** A UTF-8 sequence: its lead byte says how many continuation bytes follow. */
	private int multiByte(int at, byte lead) {
		int length;
		if ((lead & 0xE0) == 0xC0) {
			length = 2;
		}
		else if ((lead & 0xF0) == 0xE0) {
			length = 3;
		}
		else if ((lead & 0xF8) == 0xF0) {
			length = 4;
		}
		else {
			return INVALID;
		}
		if (at + length > this.end) {
			return INVALID;
		}
		for (int i = 1; i < length; i++) {
			if ((this.bytes[at + i] & 0xC0) != 0x80) {
				return INVALID;
			}
		}
		return at + length;
	}

	private int number(int at) {
		byte[] b = this.bytes;
		if (at < this.end && b[at] == '-') {
			at++;
		}
		if (at >= this.end || !isDigit(b[at])) {
			return INVALID;
		}
		if (b[at] == '0') {
			at++;
		}
		else {
			at = digits(at);
		}
		if (at < this.end && b[at] == '.') {
			int fraction = at + 1;
			at = digits(fraction);
			if (at == fraction) {
				return INVALID;
			}
		}
		if (at < this.end && (b[at] == 'e' || b[at] == 'E')) {
			at++;
			if (at < this.end && (b[at] == '+' || b[at] == '-')) {
				at++;
			}
			int exponent = at;
			at = digits(exponent);
			if (at == exponent) {
				return INVALID;
			}
		}
		// a number runs into nothing but a delimiter
		if (at < this.end && !isDelimiter(b[at])) {
			return INVALID;
		}
		return at;
	}

	private int digits(int at) {
		while (at < this.end && isDigit(this.bytes[at])) {
			at++;
		}
		return at;
	}

	private int literal(int at, String literal) {
		int length = literal.length();
		if (at + length > this.end) {
			return INVALID;
		}
		for (int i = 0; i < length; i++) {
			if (this.bytes[at + i] != literal.charAt(i)) {
				return INVALID;
			}
		}
		int after = at + length;
		return (after < this.end && !isDelimiter(this.bytes[after])) ? INVALID : after;
	}

	private int whitespace(int at) {
		while (at < this.end) {
			byte c = this.bytes[at];
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
				break;
			}
			at++;
		}
		return at;
	}

	private static boolean isPlain(long word) {
		long quotes = word ^ 0x2222222222222222L;
		long backslashes = word ^ 0x5c5c5c5c5c5c5c5cL;
		long special = ((quotes - 0x0101010101010101L) & ~quotes) | ((backslashes - 0x0101010101010101L) & ~backslashes)
				| (word - 0x2020202020202020L) | word;
		return (special & 0x8080808080808080L) == 0;
	}

	private static boolean isDelimiter(byte c) {
		return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
	}

	private static boolean isDigit(byte c) {
		return c >= '0' && c <= '9';
	}

	private static boolean isHex(byte c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

}
