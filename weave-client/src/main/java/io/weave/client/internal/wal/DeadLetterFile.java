package io.weave.client.internal.wal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import tools.jackson.core.io.JsonStringEncoder;

import io.weave.client.internal.wire.Timestamps;

/**
 * Requests the sender gave up on, one JSON line each in {@code deadletter.jsonl}:
 * {@code {"reason":…,"at":…,"type":…,"key":…,"req":…}}. Kept for people to inspect or replay.
 */
final class DeadLetterFile {

	static final String FILE_NAME = "deadletter.jsonl";

	private final RollingFile file;

	DeadLetterFile(RollingFile file) {
		this.file = file;
	}

	void add(WalEntry entry, String reason) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream(entry.size() + 256);
		line.writeBytes(ascii("{\"reason\":"));
		writeString(line, reason);
		line.writeBytes(ascii(",\"at\":\"" + Timestamps.now() + "\",\"type\":\""
				+ entry.request().type().wireName() + "\",\"key\":"));
		writeString(line, entry.request().key());
		line.writeBytes(ascii(",\"req\":"));
		line.writeBytes(entry.request().body());
		line.writeBytes(ascii("}\n"));
		this.file.append(line.toByteArray());
	}

	private static void writeString(ByteArrayOutputStream out, String value) {
		if (value == null) {
			out.writeBytes(ascii("null"));
			return;
		}
		out.write('"');
		out.writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(value));
		out.write('"');
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
