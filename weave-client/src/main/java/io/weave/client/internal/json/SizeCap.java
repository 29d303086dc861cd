package io.weave.client.internal.json;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps one value of a record (a call's inputs or its output) within a byte budget, so that a
 * single oversized record can never be rejected forever and block the queue behind it.
 * <p>
 * Sizes are measured by serializing once into a stream that only counts bytes and keeps the
 * first few for the preview; nothing of the size of the value is allocated.
 */
final class SizeCap {

	static final String TRUNCATED = "_weave_truncated";

	static final String ORIGINAL_BYTES = "original_bytes";

	static final String PREVIEW = "preview";

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final JsonMapper mapper;

	private final int maxBytes;

	private final int previewChars;

	SizeCap(JsonMapper mapper, int maxBytes, int previewChars) {
		this.mapper = mapper;
		this.maxBytes = maxBytes;
		this.previewChars = previewChars;
	}

	JsonNode cap(JsonNode value) {
		Measurement measurement = measure(value);
		return (measurement.bytes <= this.maxBytes) ? value : marker(measurement);
	}

	/**
	 * Replaces the largest properties first, so that small arguments stay visible next to a
	 * huge one; only if markers alone would still be too large is the whole object replaced.
	 */
	ObjectNode capFields(ObjectNode object) {
		Measurement whole = measure(object);
		if (whole.bytes <= this.maxBytes) {
			return object;
		}
		List<Field> fields = new ArrayList<>(object.size());
		for (Map.Entry<String, JsonNode> property : object.properties()) {
			fields.add(new Field(property.getKey(), measure(property.getValue())));
		}
		fields.sort(Comparator.comparingLong((Field field) -> field.measurement.bytes).reversed());
		ObjectNode capped = NODES.objectNode();
		capped.setAll(object);
		long total = whole.bytes;
		for (Field field : fields) {
			if (total <= this.maxBytes) {
				break;
			}
			ObjectNode marker = marker(field.measurement);
			long markerBytes = measure(marker).bytes;
			if (markerBytes < field.measurement.bytes) {
				capped.set(field.name, marker);
				total -= field.measurement.bytes - markerBytes;
			}
		}
		return (total <= this.maxBytes) ? capped : marker(whole);
	}

	private ObjectNode marker(Measurement measurement) {
		String preview = measurement.preview;
		while (true) {
			ObjectNode marker = NODES.objectNode();
			marker.put(TRUNCATED, true);
			marker.put(ORIGINAL_BYTES, measurement.bytes);
			marker.put(PREVIEW, preview);
			if (preview.isEmpty() || measure(marker).bytes <= this.maxBytes) {
				return marker;
			}
			preview = cut(preview, preview.length() / 2);
		}
	}

	Measurement measure(JsonNode value) {
		HeadCountingStream out = new HeadCountingStream(this.previewChars * 3);
		try {
			this.mapper.writeValue(out, value);
		}
		catch (RuntimeException ex) {
			return new Measurement(Long.MAX_VALUE, "");
		}
		return new Measurement(out.count, cut(out.head(), this.previewChars));
	}

	private static String cut(String text, int chars) {
		if (text.length() <= chars) {
			return text;
		}
		int end = (chars > 0 && Character.isHighSurrogate(text.charAt(chars - 1))) ? chars - 1 : chars;
		return text.substring(0, end);
	}

	record Measurement(long bytes, String preview) {
	}

	private record Field(String name, Measurement measurement) {
	}

	/** Counts what is written and keeps only the first bytes. */
	private static final class HeadCountingStream extends OutputStream {

		private final byte[] head;

		private int headLength;

		private long count;

		HeadCountingStream(int headCapacity) {
			this.head = new byte[headCapacity];
		}

		@Override
		public void write(int b) {
			if (this.headLength < this.head.length) {
				this.head[this.headLength++] = (byte) b;
			}
			this.count++;
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			int kept = Math.min(length, this.head.length - this.headLength);
			if (kept > 0) {
				System.arraycopy(bytes, offset, this.head, this.headLength, kept);
				this.headLength += kept;
			}
			this.count += length;
		}

		/** The kept bytes as text, leaving out a character cut in the middle. */
		String head() {
			CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPLACE)
				.onUnmappableCharacter(CodingErrorAction.REPLACE);
			CharBuffer chars = CharBuffer.allocate(this.headLength);
			decoder.decode(ByteBuffer.wrap(this.head, 0, this.headLength), chars, false);
			return chars.flip().toString();
		}

	}

}
