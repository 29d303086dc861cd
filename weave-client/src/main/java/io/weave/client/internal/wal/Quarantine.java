package io.weave.client.internal.wal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.weave.client.internal.wire.Timestamps;

/**
 * Keeps the raw bytes of lines that failed their checksum or did not parse, so nothing leaves
 * the log unseen: {@code quarantine.wal}, each entry a header line
 * {@code # <corrupt|torn> <segment> <start>-<end> <time>} followed by the bytes as found.
 */
final class Quarantine {

	static final String FILE_NAME = "quarantine.wal";

	private final RollingFile file;

	Quarantine(RollingFile file) {
		this.file = file;
	}

	void add(String kind, String segment, SegmentCursor.Line line) throws IOException {
		String header = "# " + kind + " " + segment + " " + line.start() + "-" + line.end() + " " + Timestamps.now()
				+ "\n";
		int length = line.rawLength();
		ByteArrayOutputStream entry = new ByteArrayOutputStream(header.length() + length + 1);
		entry.writeBytes(header.getBytes(StandardCharsets.UTF_8));
		entry.write(line.buffer(), line.offset(), length);
		if (length == 0 || line.buffer()[line.offset() + length - 1] != '\n') {
			entry.write('\n');
		}
		this.file.append(entry.toByteArray());
	}

}
