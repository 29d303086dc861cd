package io.weave.client.internal.wal;

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

	// Request bodies are the user's data: no limits other than the trace server's own.
	private static final JsonFactory JSON = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder()
			.maxStringLength(Integer.MAX_VALUE)
			.maxNumberLength(Integer.MAX_VALUE)
			.maxNameLength(Integer.MAX_VALUE)
			.maxNestingDepth(10_000)
			.build())
		.build();

	/** Encodes a request as a line, newline included. */
	static byte[] encode(WireRequest request, long appendedAt) {
		byte[] at = ascii(Long.toString(appendedAt));
		byte[] type = ascii(request.type().wireName());
		byte[] key = (request.key() != null) ? quote(request.key()) : NULL;
		byte[] body = request.body();
		int jsonLength = AT.length + at.length + TYPE.length + type.length + KEY.length + key.length + REQ.length
				+ body.length + 1;
		byte[] line = new byte[PREFIX + jsonLength + 1];
		int position = PREFIX;
		position = put(line, position, AT, at, TYPE, type, KEY, key, REQ);
		int bodyStart = position;
		position = put(line, position, body);
		line[position] = '}';
		line[position + 1] = '\n';
		flattenLineBreaks(line, bodyStart, bodyStart + body.length);
		CRC32C crc = new CRC32C();
		crc.update(line, PREFIX, jsonLength);
		writeHex(line, (int) crc.getValue());
		line[PREFIX - 1] = ' ';
		return line;
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
		try {
			return parse(buffer, offset + PREFIX, length - PREFIX);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			return null;
		}
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
	private static byte[] object(JsonParser parser, byte[] buffer, int offset) {
		int start = offset + (int) parser.currentTokenLocation().getByteOffset();
		parser.skipChildren();
		int end = offset + (int) parser.currentTokenLocation().getByteOffset() + 1;
		return Arrays.copyOfRange(buffer, start, end);
	}

	private static byte[] quote(String key) {
		byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(key);
		byte[] quoted = new byte[escaped.length + 2];
		quoted[0] = '"';
		System.arraycopy(escaped, 0, quoted, 1, escaped.length);
		quoted[quoted.length - 1] = '"';
		return quoted;
	}

	private static int put(byte[] line, int position, byte[]... parts) {
		for (byte[] part : parts) {
			System.arraycopy(part, 0, line, position, part.length);
			position += part.length;
		}
		return position;
	}

	/**
	 * Raw line breaks can only be whitespace in valid JSON (inside strings they are escaped),
	 * so replacing them with spaces keeps the body's meaning and the one-record-per-line framing.
	 */
	private static void flattenLineBreaks(byte[] line, int from, int to) {
		for (int i = from; i < to; i++) {
			if (line[i] == '\n' || line[i] == '\r') {
				line[i] = ' ';
			}
		}
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

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
