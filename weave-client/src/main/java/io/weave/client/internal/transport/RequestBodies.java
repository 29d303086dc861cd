package io.weave.client.internal.transport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.WireRequest;

/**
 * Batch bodies assembled from already-serialized request bodies, byte for byte: nothing is
 * parsed again on the way out.
 */
public final class RequestBodies {

	/** An upper bound of what wrapping one request adds to an upsert batch body. */
	public static final int UPSERT_ITEM_OVERHEAD = 28;

	private static final byte[] BATCH_OPEN = ascii("{\"batch\":[");

	private static final byte[] BATCH_CLOSE = ascii("]}");

	private static final byte[] START_ITEM = ascii("{\"mode\":\"start\",\"req\":");

	private static final byte[] END_ITEM = ascii("{\"mode\":\"end\",\"req\":");

	private RequestBodies() {
	}

	/**
	 * {@code {"batch":[{"mode":"start","req":<start body>},{"mode":"end","req":<end body>},…]}}.
	 * @param calls call start and end requests
	 * @return the {@code /call/upsert_batch} body
	 */
	public static byte[] upsertBatch(List<WireRequest> calls) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(estimate(calls));
		out.writeBytes(BATCH_OPEN);
		for (int i = 0; i < calls.size(); i++) {
			WireRequest call = calls.get(i);
			if (i > 0) {
				out.write(',');
			}
			out.writeBytes(itemPrefix(call.type()));
			out.writeBytes(call.body());
			out.write('}');
		}
		out.writeBytes(BATCH_CLOSE);
		return out.toByteArray();
	}

	/**
	 * {@code {"batch":[<completed call>,…]}}.
	 * @param completedCalls serialized {@code CompletedCallSchemaForInsert} records
	 * @return the {@code calls/complete} body
	 */
	public static byte[] completeBatch(List<byte[]> completedCalls) {
		int size = BATCH_OPEN.length + BATCH_CLOSE.length + completedCalls.size();
		for (byte[] call : completedCalls) {
			size += call.length;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream(size);
		out.writeBytes(BATCH_OPEN);
		for (int i = 0; i < completedCalls.size(); i++) {
			if (i > 0) {
				out.write(',');
			}
			out.writeBytes(completedCalls.get(i));
		}
		out.writeBytes(BATCH_CLOSE);
		return out.toByteArray();
	}

	private static byte[] itemPrefix(RequestType type) {
		return switch (type) {
			case CALL_START -> START_ITEM;
			case CALL_END -> END_ITEM;
			default -> throw new IllegalArgumentException("Not a call request: " + type.wireName());
		};
	}

	private static int estimate(List<WireRequest> calls) {
		long size = BATCH_OPEN.length + BATCH_CLOSE.length;
		for (WireRequest call : calls) {
			size += call.size() + UPSERT_ITEM_OVERHEAD;
		}
		return (int) Math.min(size, Integer.MAX_VALUE - 8);
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
