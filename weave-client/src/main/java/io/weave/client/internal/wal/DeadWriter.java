package io.weave.client.internal.wal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.Timestamps;
import io.weave.client.internal.wire.WireRequest;

/**
 * A writer that died while writing a segment (killed, or its machine went down): its segment is
 * still preallocated and nobody holds its writer lock. Its calls that started but never ended
 * would stay "running" in Weave for ever, and in calls-complete mode their starts, which wait
 * for an end, would keep the log from moving past them. So the process that adopts the segment
 * ends them on the dead writer's behalf: it appends to the segment, after the last record, one
 * {@code call_end} per open call, with the time of the writer's last record as {@code ended_at}
 * and an exception that says the process stopped. The ends are then sent like any record.
 * <p>
 * A call counts as open when its start is in one of the writer's segments still on disk (the
 * dead one and the earlier ones of the same process: same pid and host) and no end is. A call
 * whose start was sent from a segment deleted before the death is not seen, and stays running. Appending is idempotent:
 * a later adopter finds the ends and has nothing to add.
 */
final class DeadWriter {

	private static final Logger logger = LoggerFactory.getLogger(DeadWriter.class);

	private static final JsonMapper JSON = JsonMapper.shared();

	/** What Weave shows as the type of the exception. */
	static final String EXCEPTION_TYPE = "ProcessStopped";

	private DeadWriter() {
	}

	/**
	 * Ends the calls the writer of a preallocated segment left open, appending their ends to it.
	 * The caller holds the segment's sender lock and has seen its writer lock free.
	 * @return how many calls were ended
	 */
	static int closeOpenCalls(SegmentFile segment, String projectId, boolean sync) throws IOException {
		WriterIdentity writer = WriterIdentity.of(segment);
		Unended open = new Unended();
		for (SegmentFile earlier : Segments.list(segment.directory())) {
			// the same pid and host: another host's process may have the same pid and be alive
			if (earlier.compareTo(segment) < 0 && earlier.pid() == segment.pid()
					&& WriterIdentity.of(earlier).equals(writer)) {
				open.scan(earlier, SegmentTail.dataEnd(earlier.path()));
			}
		}
		long dataEnd = SegmentTail.dataEnd(segment.path());
		long linesEnd = open.scan(segment, dataEnd);
		if (open.starts.isEmpty()) {
			return 0;
		}
		String exception = exception(writer);
		List<byte[]> lines = new ArrayList<>(open.starts.size());
		for (String callId : open.starts) {
			lines.add(WalRecord.encode(end(projectId, callId, open.lastAt, exception), open.lastAt));
		}
		append(segment, linesEnd, dataEnd, lines, sync);
		logger.warn("Ended {} call(s) left running by {}, which stopped while writing {}", lines.size(), writer,
				segment.path());
		return lines.size();
	}

	private static WireRequest end(String projectId, String callId, long endedAt, String exception) {
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		ObjectNode end = body.putObject("end");
		end.put("project_id", projectId);
		end.put("id", callId);
		end.put("ended_at", Timestamps.format(endedAt));
		end.put("exception", exception);
		end.putObject("summary");
		return WireRequest.compact(RequestType.CALL_END, callId, JSON.writeValueAsBytes(body));
	}

	/** The exception in the shape of a traced one: type, message, (no) frames. */
	private static String exception(WriterIdentity writer) {
		ObjectNode exception = JsonNodeFactory.instance.objectNode();
		exception.put("type", EXCEPTION_TYPE);
		exception.put("message", "The process (" + writer + ") stopped before the call ended; "
				+ "ended_at is the time of its last record in the write-ahead log");
		exception.putArray("traceback");
		return JSON.writeValueAsString(exception);
	}

	/**
	 * Writes the lines after the last complete line. A last line cut short by the death stays
	 * last, moved behind them, so that it is still read as torn. The lines go into the zeros
	 * before the trailer, or past them with the trailer moved behind: the segment stays
	 * preallocated, read up to its last non-zero byte.
	 */
	private static void append(SegmentFile segment, long linesEnd, long dataEnd, List<byte[]> lines, boolean sync)
			throws IOException {
		try (RandomAccessFile file = new RandomAccessFile(segment.path().toFile(), "rw")) {
			FileChannel channel = file.getChannel();
			byte[] torn = new byte[(int) (dataEnd - linesEnd)];
			file.seek(linesEnd);
			file.readFully(torn);
			long position = linesEnd;
			for (byte[] line : lines) {
				position += write(channel, position, line);
			}
			position += write(channel, position, torn);
			if (position + SegmentTail.TRAILER.length > file.length()) {
				write(channel, position, SegmentTail.TRAILER);
			}
			if (sync) {
				channel.force(false);
			}
		}
	}

	private static int write(FileChannel channel, long position, byte[] bytes) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		while (buffer.hasRemaining()) {
			channel.write(buffer, position + buffer.position());
		}
		return bytes.length;
	}

	/** The calls a writer started and did not end, in the order they started, and the time of its last record. */
	private static final class Unended {

		private final Set<String> starts = new LinkedHashSet<>();

		private long lastAt;

		/** Reads a segment's records up to {@code limit}; returns where its last complete line ends. */
		long scan(SegmentFile segment, long limit) throws IOException {
			try (SegmentCursor cursor = new SegmentCursor(segment.path(), 0)) {
				for (SegmentCursor.Line line = cursor.next(limit); line != null; line = cursor.next(limit)) {
					WalRecord.Head head = WalRecord.head(line.buffer(), line.offset(), line.length());
					if (head != null) {
						add(head);
					}
				}
				return cursor.position();
			}
		}

		private void add(WalRecord.Head head) {
			this.lastAt = Math.max(this.lastAt, head.appendedAt());
			if (head.type() == RequestType.CALL_START) {
				this.starts.add(head.key());
			}
			else if (head.type() == RequestType.CALL_END) {
				this.starts.remove(head.key());
			}
		}

	}

}
