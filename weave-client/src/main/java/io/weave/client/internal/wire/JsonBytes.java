package io.weave.client.internal.wire;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeType;
import tools.jackson.databind.node.ObjectNode;

/**
 * Compact JSON written straight into a reusable byte buffer: what the records of every traced
 * call are made of, written twice per call on the caller's thread. Strings are written as
 * Jackson writes them (UTF-8, the same escapes, a lone surrogate as a six-character escape),
 * and so are the JSON trees the value serializer builds; node types it does not produce are
 * handed to Jackson. Never writes a raw line break.
 * <p>
 * Not thread-safe: {@link #local()} gives each thread its own.
 */
public final class JsonBytes {

	private static final int INITIAL_CAPACITY = 1024;

	/** How many repeated strings a thread keeps the encoding of. */
	private static final int REPEATED = 4;

	/** A buffer that grew past this is not kept for the next record. */
	private static final int MAX_RETAINED_CAPACITY = 64 * 1024;

	private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	/** Per ASCII character: 0 to copy, a letter for a short escape, -1 for a {@code \\u00XX} escape. */
	private static final int[] ESCAPES = escapes();

	private static final byte[] TRUE = ascii("true");

	private static final byte[] FALSE = ascii("false");

	private static final byte[] NULL = ascii("null");

	private static final ThreadLocal<JsonBytes> LOCAL = ThreadLocal.withInitial(JsonBytes::new);

	private static final JsonMapper JACKSON = JsonMapper.builder().build();

	private byte[] buffer = new byte[INITIAL_CAPACITY];

	private int length;

	private char[] chars = new char[INITIAL_CAPACITY];

	private final String[] repeatedValues = new String[REPEATED];

	private final byte[][] repeatedJson = new byte[REPEATED][];

	private int nextRepeated;

	/** The last second a timestamp was written for, and its text up to the milliseconds. */
	private long lastSecond = -1;

	private final byte[] lastSecondText = new byte[Timestamps.LENGTH];

	/** This thread's writer, emptied. */
	public static JsonBytes local() {
		JsonBytes bytes = LOCAL.get();
		bytes.reset();
		return bytes;
	}

	/** A copy of what was written. */
	public byte[] toByteArray() {
		return Arrays.copyOf(this.buffer, this.length);
	}

	public int length() {
		return this.length;
	}

	/**
	 * The buffer, whose first {@link #length()} bytes are what was written: to copy from without
	 * a copy of its own, before this thread writes with {@link #local()} again.
	 */
	public byte[] array() {
		return this.buffer;
	}

	private void reset() {
		if (this.buffer.length > MAX_RETAINED_CAPACITY) {
			this.buffer = new byte[INITIAL_CAPACITY];
		}
		if (this.chars.length > MAX_RETAINED_CAPACITY) {
			this.chars = new char[INITIAL_CAPACITY];
		}
		this.length = 0;
	}

	/** Bytes that are JSON already, e.g. a name with its quotes and colon. */
	public JsonBytes raw(byte[] bytes) {
		ensure(bytes.length);
		System.arraycopy(bytes, 0, this.buffer, this.length, bytes.length);
		this.length += bytes.length;
		return this;
	}

	public JsonBytes raw(char c) {
		ensure(1);
		this.buffer[this.length++] = (byte) c;
		return this;
	}

	/** A string value, quoted and escaped. */
	public JsonBytes string(String value) {
		int count = value.length();
		ensure(count + 2);
		byte[] out = this.buffer;
		int start = this.length + 1;
		out[start - 1] = '"';
		if (!Ascii.copyPlain(value, out, start, chars(count))) {
			this.length = start;
			escaped(value, 0);
			return this;
		}
		out[start + count] = '"';
		this.length = start + count + 1;
		return this;
	}

	/**
	 * A string known to be printable ASCII without a quote or backslash, such as the ids this
	 * client generates: copied as it is, without looking at its characters.
	 */
	public JsonBytes plainString(String value) {
		int count = value.length();
		ensure(count + 2);
		this.buffer[this.length] = '"';
		Ascii.copyKnownPlain(value, this.buffer, this.length + 1);
		this.buffer[this.length + count + 1] = '"';
		this.length += count + 2;
		return this;
	}

	/**
	 * A string value that repeats from one record to the next on this thread, such as an op's
	 * ref: its last few encodings are kept and copied when the same instance comes again.
	 */
	public JsonBytes repeated(String value) {
		for (int i = 0; i < REPEATED; i++) {
			if (this.repeatedValues[i] == value) {
				return raw(this.repeatedJson[i]);
			}
		}
		int start = this.length;
		string(value);
		int slot = this.nextRepeated;
		this.repeatedValues[slot] = value;
		this.repeatedJson[slot] = Arrays.copyOfRange(this.buffer, start, this.length);
		this.nextRepeated = (slot + 1) % REPEATED;
		return this;
	}

	/** A scratch array for a string's characters: copying them out at once beats a charAt per character. */
	private char[] chars(int count) {
		if (this.chars.length < count) {
			this.chars = new char[Math.max(count, this.chars.length * 2)];
		}
		return this.chars;
	}

	/** A timestamp value; see {@link Timestamps}. */
	public JsonBytes timestamp(long epochMillis) {
		if (!Timestamps.isFormattedByHand(epochMillis)) {
			return string(Timestamps.format(epochMillis));
		}
		ensure(Timestamps.LENGTH + 2);
		byte[] out = this.buffer;
		int at = this.length + 1;
		out[at - 1] = '"';
		long second = epochMillis / 1000;
		if (second != this.lastSecond) {
			Timestamps.write(epochMillis, this.lastSecondText, 0);
			this.lastSecond = second;
		}
		// the date and time up to the second repeat from one record to the next: only the milliseconds differ
		System.arraycopy(this.lastSecondText, 0, out, at, Timestamps.MILLIS_OFFSET);
		Timestamps.writeMillis((int) (epochMillis % 1000), out, at);
		out[at + Timestamps.LENGTH] = '"';
		this.length += Timestamps.LENGTH + 2;
		return this;
	}

	public JsonBytes number(long value) {
		if (value == Long.MIN_VALUE) {
			return raw(ascii(Long.toString(value)));
		}
		ensure(20);
		long rest = value;
		if (rest < 0) {
			this.buffer[this.length++] = '-';
			rest = -rest;
		}
		int digits = 1;
		for (long scale = 10; digits < 19 && rest >= scale; scale *= 10) {
			digits++;
		}
		for (int i = this.length + digits - 1; i >= this.length; i--) {
			this.buffer[i] = (byte) ('0' + rest % 10);
			rest /= 10;
		}
		this.length += digits;
		return this;
	}

	/** A JSON tree, written as Jackson writes it. */
	public JsonBytes tree(JsonNode node) {
		JsonNodeType type = node.getNodeType();
		switch (type) {
			case OBJECT -> object((ObjectNode) node);
			case ARRAY -> array((ArrayNode) node);
			case STRING -> string(node.stringValue());
			case BOOLEAN -> raw(node.booleanValue() ? TRUE : FALSE);
			case NULL, MISSING -> raw(NULL);
			case NUMBER -> numberNode(node);
			default -> raw(JACKSON.writeValueAsBytes(node));
		}
		return this;
	}

	/** Numbers as Jackson writes them: {@link Double#toString}, non-finite ones as strings. */
	private void numberNode(JsonNode node) {
		switch (node.numberType()) {
			case INT, LONG -> number(node.longValue());
			case DOUBLE -> decimal(node.doubleValue(), Double.toString(node.doubleValue()));
			case FLOAT -> decimal(node.floatValue(), Float.toString(node.floatValue()));
			case BIG_INTEGER -> raw(ascii(node.bigIntegerValue().toString()));
			case BIG_DECIMAL -> raw(ascii(node.decimalValue().toString()));
			default -> raw(JACKSON.writeValueAsBytes(node));
		}
	}

	private void decimal(double value, String text) {
		if (Double.isFinite(value)) {
			raw(ascii(text));
		}
		else {
			string(text);
		}
	}

	private void object(ObjectNode node) {
		raw('{');
		Iterator<Map.Entry<String, JsonNode>> properties = node.properties().iterator();
		boolean first = true;
		while (properties.hasNext()) {
			Map.Entry<String, JsonNode> property = properties.next();
			if (!first) {
				raw(',');
			}
			first = false;
			string(property.getKey());
			raw(':');
			tree(property.getValue());
		}
		raw('}');
	}

	private void array(ArrayNode node) {
		raw('[');
		for (int i = 0; i < node.size(); i++) {
			if (i > 0) {
				raw(',');
			}
			tree(node.get(i));
		}
		raw(']');
	}

	/** The rest of a string from {@code from} on, the slow way: escapes and UTF-8. */
	private void escaped(String value, int from) {
		int count = value.length();
		for (int i = from; i < count; i++) {
			char c = value.charAt(i);
			ensure(12);
			byte[] out = this.buffer;
			if (c < 0x80) {
				int escape = ESCAPES[c];
				if (escape == 0) {
					out[this.length++] = (byte) c;
				}
				else if (escape > 0) {
					out[this.length++] = '\\';
					out[this.length++] = (byte) escape;
				}
				else {
					out[this.length++] = '\\';
					out[this.length++] = 'u';
					out[this.length++] = '0';
					out[this.length++] = '0';
					out[this.length++] = HEX[c >> 4];
					out[this.length++] = HEX[c & 0xF];
				}
			}
			else if (c < 0x800) {
				out[this.length++] = (byte) (0xC0 | (c >> 6));
				out[this.length++] = (byte) (0x80 | (c & 0x3F));
			}
			else if (Character.isHighSurrogate(c) && i + 1 < count && Character.isLowSurrogate(value.charAt(i + 1))) {
				int codePoint = Character.toCodePoint(c, value.charAt(++i));
				out[this.length++] = (byte) (0xF0 | (codePoint >> 18));
				out[this.length++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
				out[this.length++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
				out[this.length++] = (byte) (0x80 | (codePoint & 0x3F));
			}
			else if (Character.isSurrogate(c)) {
				out[this.length++] = '\\';
				out[this.length++] = 'u';
				out[this.length++] = HEX[c >> 12];
				out[this.length++] = HEX[(c >> 8) & 0xF];
				out[this.length++] = HEX[(c >> 4) & 0xF];
				out[this.length++] = HEX[c & 0xF];
			}
			else {
				out[this.length++] = (byte) (0xE0 | (c >> 12));
				out[this.length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
				out[this.length++] = (byte) (0x80 | (c & 0x3F));
			}
		}
		ensure(1);
		this.buffer[this.length++] = '"';
	}

	private void ensure(int more) {
		if (this.length + more > this.buffer.length) {
			this.buffer = Arrays.copyOf(this.buffer, Math.max(this.buffer.length * 2, this.length + more));
		}
	}

	private static int[] escapes() {
		int[] escapes = new int[128];
		for (int c = 0; c < 0x20; c++) {
			escapes[c] = -1;
		}
		escapes['\b'] = 'b';
		escapes['\t'] = 't';
		escapes['\n'] = 'n';
		escapes['\f'] = 'f';
		escapes['\r'] = 'r';
		escapes['"'] = '"';
		escapes['\\'] = '\\';
		return escapes;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
	}

}
