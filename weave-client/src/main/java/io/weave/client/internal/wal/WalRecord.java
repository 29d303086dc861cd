package io.weave.client.internal.wal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.core.json.JsonFactory;

import io.weave.client.internal.wire.Ascii;
import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.WireRequest;

/**
 * The line codec. A record is one line:
 * {@code <crc32c> {"at":<epoch millis>,"type":"<wire name>","key":"<key>","req":<body>}\n},
 * where the checksum is the CRC32C of the JSON as 8 lowercase hex digits. The body is spliced
 * in as is, never re-serialized.
 *
 * @param request the request
 * @param appendedAt when it was appended, epoch milliseconds
 */
record WalRecord(WireRequest request, long appendedAt) {

	/** The checksum, then one space. */
	static final int PREFIX = 9;

	private static final byte[] AT = ascii("{\"at\":");

	private static final byte[] TYPE = ascii(",\"type\":\"");

	private static final byte[] KEY = ascii("\",\"key\":");

	private static final byte[] REQ = ascii(",\"req\":");

	private static final byte[] NULL = ascii("null");

	private static final byte[] HEX = ascii("0123456789abcdef");

	private static final byte[][] TYPES = types();

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;

	private static final long RETURNS = 0x0d0d0d0d0d0d0d0dL;

	private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

	/** Shared by all appending threads; a stale one is merely not reused. */
	private static volatile Digits lastDigits = new Digits(0, 1);

	// Request bodies are the user's data: no limits other than the trace server's own. Shared
	// with the dead-letter file, whose lines carry the same bodies.
	static final JsonFactory JSON = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder()
			.maxStringLength(Integer.MAX_VALUE)
			.maxNumberLength(Integer.MAX_VALUE)
			.maxNameLength(Integer.MAX_VALUE)
			.maxNestingDepth(10_000)
			.build())
		.build();

	/** Encodes a request as a line, newline included. */
	static byte[] encode(WireRequest request, long appendedAt) {
		Line line = line(request, appendedAt);
		byte[] bytes = new byte[line.length()];
		line.copyTo(bytes, 0);
		return bytes;
	}

	/**
	 * Encodes a request as the parts of a line, so that the body is copied only where the line
	 * goes: the head (checksum, space, and the JSON up to the body) and the body; a line ends
	 * with <code>}\n</code> after them. The head is written into a buffer of the calling thread,
	 * valid until its next line.
	 */
	static Line line(WireRequest request, long appendedAt) {
		return line(request.type(), request.key(), false, request.body(), request.body().length, request.compact(),
				appendedAt);
	}

	/**
	 * Encodes the first {@code bodyLength} bytes of {@code body} as a request's line, as
	 * {@link #line(WireRequest, long)} does.
	 * @param asciiKey whether the key is known to be printable ASCII without a quote or a
	 * backslash, so that it is copied without looking at it
	 * @param compact whether the body is known to be compact JSON, without a raw line break
	 */
	static Line line(RequestType requestType, String key, boolean asciiKey, byte[] body, int bodyLength,
			boolean compact, long appendedAt) {
		byte[] type = TYPES[requestType.ordinal()];
		byte[] lineBody = compact ? body : flattened(body, bodyLength);
		int atLength = (appendedAt >= 0) ? digits(appendedAt) : Long.toString(appendedAt).length();
		int keyMax = (key != null) ? key.length() + 2 : NULL.length;
		Scratch scratch = SCRATCH.get();
		byte[] head = scratch.head(PREFIX + AT.length + atLength + TYPE.length + type.length + KEY.length + keyMax
				+ REQ.length);
		int position = put(head, PREFIX, AT);
		position = putNumber(head, position, appendedAt, atLength);
		position = put(head, position, TYPE);
		position = put(head, position, type);
		position = put(head, position, KEY);
		if (key == null) {
			position = put(head, position, NULL);
		}
		else {
			position = asciiKey ? putAsciiKey(head, position, key) : putKey(head, position, key, scratch);
		}
		if (position < 0) {
			head = withQuotedKey(head, -position, key);
			position = head.length - REQ.length;
		}
		int headLength = put(head, position, REQ);
		CRC32C crc = scratch.crc;
		crc.reset();
		crc.update(head, PREFIX, headLength - PREFIX);
		crc.update(lineBody, 0, bodyLength);
		crc.update('}');
		writeHex(head, (int) crc.getValue());
		head[PREFIX - 1] = ' ';
		return new Line(head, headLength, lineBody, bodyLength);
	}

	/**
	 * A line in two parts.
	 *
	 * @param head the checksum, a space and the JSON up to the body, in its first {@code headLength} bytes
	 * @param headLength the length of the head
	 * @param body the request body, in its first {@code bodyLength} bytes, after which
	 * <code>}\n</code> ends the line
	 * @param bodyLength the length of the body
	 */
	record Line(byte[] head, int headLength, byte[] body, int bodyLength) {

		int length() {
			return this.headLength + this.bodyLength + 2;
		}

		void copyTo(byte[] target, int offset) {
			System.arraycopy(this.head, 0, target, offset, this.headLength);
			System.arraycopy(this.body, 0, target, offset + this.headLength, this.bodyLength);
			target[offset + this.headLength + this.bodyLength] = '}';
			target[offset + this.headLength + this.bodyLength + 1] = '\n';
		}

	}

	/** What encoding a line needs per thread: a head buffer, a checksum, room for a key's characters. */
	private static final class Scratch {

		private static final int RETAINED = 4096;

		final CRC32C crc = new CRC32C();

		private byte[] head = new byte[256];

		private char[] chars = new char[64];

		byte[] head(int length) {
			if (this.head.length < length || this.head.length > RETAINED) {
				this.head = new byte[Math.max(length, 256)];
			}
			return this.head;
		}

		char[] chars(int length) {
			if (this.chars.length < length || this.chars.length > RETAINED) {
				this.chars = new char[Math.max(length, 64)];
			}
			return this.chars;
		}

	}

	/**
	 * Decodes a line without its newline; {@code null} when the checksum does not match or the
	 * JSON is not a record.
	 */
	static WalRecord decode(byte[] buffer, int offset, int length) {
		if (length <= PREFIX || buffer[offset + PREFIX - 1] != ' ') {
			return null;
		}
		long expected = readHex(buffer, offset);
		CRC32C crc = new CRC32C();
		crc.update(buffer, offset + PREFIX, length - PREFIX);
		if (expected != crc.getValue()) {
			return null;
		}
		WalRecord record = parseAsWritten(buffer, offset + PREFIX, offset + length);
		if (record != null) {
			return record;
		}
		try {
			return parse(buffer, offset + PREFIX, length - PREFIX);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * Reads a record laid out as {@link #line} writes it, validating its body without building
	 * anything; {@code null} for anything else (an escaped key, another key order, a doubtful
	 * body), which Jackson then reads or rejects.
	 */
	private static WalRecord parseAsWritten(byte[] buffer, int from, int end) {
		int at = expect(buffer, from, end, AT);
		if (at < 0) {
			return null;
		}
		long appendedAt = 0;
		int digits = 0;
		while (at < end && buffer[at] >= '0' && buffer[at] <= '9' && digits < 18) {
			appendedAt = appendedAt * 10 + (buffer[at++] - '0');
			digits++;
		}
		at = (digits > 0 && (digits == 1 || buffer[at - digits] != '0')) ? expect(buffer, at, end, TYPE) : -1;
		RequestType type = (at >= 0) ? typeAt(buffer, at, end) : null;
		if (type == null) {
			return null;
		}
		at = expect(buffer, at + TYPES[type.ordinal()].length, end, KEY);
		if (at < 0) {
			return null;
		}
		String key = null;
		if (at < end && buffer[at] == '"') {
			int close = at + 1;
			while (close < end && buffer[close] >= 0x20 && buffer[close] < 0x7f && buffer[close] != '"'
					&& buffer[close] != '\\') {
				close++;
			}
			if (close >= end || buffer[close] != '"') {
				return null;
			}
			key = new String(buffer, at + 1, close - at - 1, StandardCharsets.US_ASCII);
			at = close + 1;
		}
		else {
			at = expect(buffer, at, end, NULL);
			if (at < 0) {
				return null;
			}
		}
		at = expect(buffer, at, end, REQ);
		if (at < 0 || buffer[end - 1] != '}' || JsonSyntax.objectEnd(buffer, at, end - 1) != end - 1) {
			return null;
		}
		return new WalRecord(new WireRequest(type, key, Arrays.copyOfRange(buffer, at, end - 1)), appendedAt);
	}

	/** The index after {@code expected} at {@code at}, or {@code -1} if it is not there. */
	private static int expect(byte[] buffer, int at, int end, byte[] expected) {
		if (at < 0 || at + expected.length > end
				|| !Arrays.equals(buffer, at, at + expected.length, expected, 0, expected.length)) {
			return -1;
		}
		return at + expected.length;
	}

	private static RequestType typeAt(byte[] buffer, int at, int end) {
		for (RequestType type : RequestType.values()) {
			byte[] name = TYPES[type.ordinal()];
			if (at + name.length < end && buffer[at + name.length] == '"'
					&& Arrays.equals(buffer, at, at + name.length, name, 0, name.length)) {
				return type;
			}
		}
		return null;
	}

	/**
	 * Reads the append time from the head of a line, without checking it: cheap enough for a
	 * backlog view. Returns {@code -1} when the head is not a record's.
	 */
	static long appendedAt(byte[] head, int length) {
		int position = PREFIX + AT.length;
		if (length <= position || !Arrays.equals(head, PREFIX, position, AT, 0, AT.length)) {
			return -1;
		}
		long value = 0;
		int digits = 0;
		while (position < length && head[position] >= '0' && head[position] <= '9' && digits < 18) {
			value = value * 10 + (head[position++] - '0');
			digits++;
		}
		return (digits > 0) ? value : -1;
	}

	private static WalRecord parse(byte[] buffer, int offset, int length) {
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), buffer, offset, length)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			long at = 0;
			String type = null;
			String key = null;
			byte[] body = null;
			for (String name = parser.nextName(); name != null; name = parser.nextName()) {
				JsonToken token = parser.nextToken();
				switch (name) {
					case "at" -> at = (token == JsonToken.VALUE_NUMBER_INT) ? parser.getLongValue() : -1;
					case "type" -> type = (token == JsonToken.VALUE_STRING) ? parser.getString() : null;
					case "key" -> key = (token == JsonToken.VALUE_STRING) ? parser.getString() : null;
					case "req" -> body = (token == JsonToken.START_OBJECT) ? object(parser, buffer, offset) : null;
					default -> parser.skipChildren();
				}
			}
			if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null || type == null
					|| body == null || at < 0) {
				return null;
			}
			return new WalRecord(new WireRequest(RequestType.fromWireName(type), key, body), at);
		}
	}

	/** The raw bytes of the object the parser is at; parsing it on the way validates it. */
	static byte[] object(JsonParser parser, byte[] buffer, int offset) {
		int start = offset + (int) parser.currentTokenLocation().getByteOffset();
		parser.skipChildren();
		int end = offset + (int) parser.currentTokenLocation().getByteOffset() + 1;
		return Arrays.copyOfRange(buffer, start, end);
	}

	/**
	 * Copies a key that needs no escaping, as call ids do (printable ASCII without quote or
	 * backslash), quoted; returns the position after it, or minus the position where it started
	 * when the key needs escaping.
	 */
	private static int putKey(byte[] head, int position, String key, Scratch scratch) {
		int length = key.length();
		head[position] = '"';
		if (!Ascii.copyPlain(key, head, position + 1, scratch.chars(length))) {
			return -position;
		}
		head[position + 1 + length] = '"';
		return position + length + 2;
	}

	private static int putAsciiKey(byte[] head, int position, String key) {
		int length = key.length();
		head[position] = '"';
		Ascii.copyKnownPlain(key, head, position + 1);
		head[position + 1 + length] = '"';
		return position + length + 2;
	}

	/** The head with an escaped key from {@code keyAt} on, room left for what follows the key. */
	private static byte[] withQuotedKey(byte[] head, int keyAt, String key) {
		byte[] quoted = quote(key);
		byte[] wider = Arrays.copyOf(head, keyAt + quoted.length + REQ.length);
		System.arraycopy(quoted, 0, wider, keyAt, quoted.length);
		return wider;
	}

	private static byte[] flattened(byte[] body, int length) {
		byte[] copy = Arrays.copyOf(body, length);
		flattenLineBreaks(copy, 0, length);
		return copy;
	}

	private static byte[] quote(String key) {
		byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(key);
		byte[] quoted = new byte[escaped.length + 2];
		quoted[0] = '"';
		System.arraycopy(escaped, 0, quoted, 1, escaped.length);
		quoted[quoted.length - 1] = '"';
		return quoted;
	}

	private static int digits(long value) {
		if (value >= 1_000_000_000_000L && value < 10_000_000_000_000L) {
			// epoch milliseconds from 2001 to 2286
			return 13;
		}
		int digits = 1;
		for (long rest = value / 10; rest > 0; rest /= 10) {
			digits++;
		}
		return digits;
	}

	private static int putNumber(byte[] line, int position, long value, int length) {
		if (value < 0) {
			return put(line, position, ascii(Long.toString(value)));
		}
		Digits last = lastDigits;
		if (last.value != value) {
			last = new Digits(value, length);
			lastDigits = last;
		}
		return put(line, position, last.text);
	}

	/**
	 * A number's digits, kept for the next record: appends in the same millisecond have the
	 * same append time, and long divisions are not cheap.
	 */
	private static final class Digits {

		final long value;

		final byte[] text;

		Digits(long value, int length) {
			this.value = value;
			this.text = new byte[length];
			long rest = value;
			for (int i = length - 1; i >= 0; i--) {
				this.text[i] = (byte) ('0' + rest % 10);
				rest /= 10;
			}
		}

	}

	private static int put(byte[] line, int position, byte[] part) {
		System.arraycopy(part, 0, line, position, part.length);
		return position + part.length;
	}

	/**
	 * Raw line breaks can only be whitespace in valid JSON (inside strings they are escaped),
	 * so replacing them with spaces keeps the body's meaning and the one-record-per-line framing.
	 * Bodies hardly ever have any, so they are looked for eight bytes at a time.
	 */
	private static void flattenLineBreaks(byte[] line, int from, int to) {
		int i = from;
		for (; i + Long.BYTES <= to; i += Long.BYTES) {
			long word = (long) LONGS.get(line, i);
			if (hasByte(word, NEWLINES) || hasByte(word, RETURNS)) {
				break;
			}
		}
		for (; i < to; i++) {
			if (line[i] == '\n' || line[i] == '\r') {
				line[i] = ' ';
			}
		}
	}

	/** Whether any byte of {@code word} equals the byte repeated in {@code pattern}. */
	private static boolean hasByte(long word, long pattern) {
		long x = word ^ pattern;
		return ((x - 0x0101010101010101L) & ~x & 0x8080808080808080L) != 0;
	}

	private static void writeHex(byte[] line, int value) {
		for (int i = 7; i >= 0; i--) {
			line[i] = HEX[value & 0xF];
			value >>>= 4;
		}
	}

	private static long readHex(byte[] buffer, int offset) {
		long value = 0;
		for (int i = 0; i < PREFIX - 1; i++) {
			int digit = Character.digit(buffer[offset + i], 16);
			if (digit < 0 || Character.isUpperCase(buffer[offset + i])) {
				return -1;
			}
			value = (value << 4) | digit;
		}
		return value;
	}

	private static byte[][] types() {
		RequestType[] values = RequestType.values();
		byte[][] types = new byte[values.length][];
		for (RequestType type : values) {
			types[type.ordinal()] = ascii(type.wireName());
		}
		return types;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
