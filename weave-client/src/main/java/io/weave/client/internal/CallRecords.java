package io.weave.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.weave.client.Call;
import io.weave.client.ProjectId;
import io.weave.client.internal.json.Redactor;
import io.weave.client.internal.wire.JsonBytes;
import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.WireRequest;

/**
 * Builds the call start and end requests from already serialized and capped inputs and
 * outputs. Only keys the trace server declares are written, and keys without a value are
 * left out rather than sent as {@code null}.
 * <p>
 * Every traced call runs through here twice on the caller's thread, so the records are
 * written straight to bytes with {@link JsonBytes}: the constant parts (names, project, client
 * attributes) are encoded once, and no intermediate tree or generator is built.
 */
public final class CallRecords {

	private static final byte[] OP_NAME = ascii(",\"op_name\":");

	private static final byte[] DISPLAY_NAME = ascii(",\"display_name\":");

	private static final byte[] TRACE_ID = ascii(",\"trace_id\":");

	private static final byte[] PARENT_ID = ascii(",\"parent_id\":");

	private static final byte[] THREAD_ID = ascii(",\"thread_id\":");

	private static final byte[] TURN_ID = ascii(",\"turn_id\":");

	private static final byte[] STARTED_AT = ascii(",\"started_at\":");

	private static final byte[] SUMMARY = ascii(",\"summary\":");

	private static final byte[] CLOSE_ATTRIBUTES_THEN_INPUTS = ascii("},\"inputs\":");

	/** The key of the client's own attributes; the caller's attributes cannot replace it. */
	private static final String RESERVED_ATTRIBUTE = "weave";

	private static final byte[] ENDED_AT = ascii(",\"ended_at\":");

	private static final byte[] EXCEPTION = ascii(",\"exception\":");

	private static final byte[] OUTPUT = ascii(",\"output\":");

	private static final byte[] EMPTY_SUMMARY_AND_CLOSE = ascii(",\"summary\":{}}}");

	private static final byte[] CLOSE = ascii("}}");

	/** {@code {"start":{"project_id":"…","id":} */
	private final byte[] startHead;

	/** {@code {"end":{"project_id":"…","id":} */
	private final byte[] endHead;

	/** {@code ,"attributes":{"weave":{…}},"inputs":} */
	private final byte[] attributesThenInputs;

	/** {@code ,"attributes":{"weave":{…}}, left open for the caller's attributes */
	private final byte[] attributesOpen;

	private final Redactor redactor;

	public CallRecords(ProjectId project) {
		this(project, Redactor.defaults());
	}

	/** @param redactor the keys whose values are redacted in exception messages too */
	public CallRecords(ProjectId project, Redactor redactor) {
		this.redactor = redactor;
		byte[] projectId = JsonBytes.local().string(project.toString()).toByteArray();
		this.startHead = concat(ascii("{\"start\":{\"project_id\":"), projectId, ascii(",\"id\":"));
		this.endHead = concat(ascii("{\"end\":{\"project_id\":"), projectId, ascii(",\"id\":"));
		byte[] clientAttributes = JsonBytes.local().tree(ClientInfo.attributes()).toByteArray();
		this.attributesThenInputs = concat(ascii(",\"attributes\":"), clientAttributes, ascii(",\"inputs\":"));
		this.attributesOpen = concat(ascii(",\"attributes\":"),
				Arrays.copyOf(clientAttributes, clientAttributes.length - 1));
	}

	public WireRequest start(Call call, String displayName, JsonNode inputs) {
		return WireRequest.compact(RequestType.CALL_START, call.id(),
				writeStart(call, displayName, inputs).toByteArray());
	}

	/**
	 * Writes a call's start request with none of the caller's attributes; see
	 * {@link #writeStart(Call, String, ObjectNode, JsonNode)}.
	 */
	public JsonBytes writeStart(Call call, String displayName, JsonNode inputs) {
		return writeStart(call, displayName, null, inputs);
	}

	/**
	 * Writes a call's start request into this thread's {@link JsonBytes}, compact.
	 * @param attributes the caller's attributes, written beside the client's {@code weave} key
	 * (which they cannot replace), or {@code null}
	 */
	public JsonBytes writeStart(Call call, String displayName, ObjectNode attributes, JsonNode inputs) {
		JsonBytes json = JsonBytes.local();
		json.raw(this.startHead).plainString(call.id()).raw(OP_NAME).repeated(call.opName());
		if (displayName != null) {
			json.raw(DISPLAY_NAME).string(displayName);
		}
		json.raw(TRACE_ID).plainString(call.traceId());
		if (call.parentId() != null) {
			json.raw(PARENT_ID).plainString(call.parentId());
		}
		if (call.threadId() != null) {
			json.raw(THREAD_ID).string(call.threadId()).raw(TURN_ID).plainString(call.turnId());
		}
		json.raw(STARTED_AT).timestamp(call.startedAtMillis());
		if (attributes == null || attributes.isEmpty()) {
			json.raw(this.attributesThenInputs);
		}
		else {
			json.raw(this.attributesOpen);
			for (Map.Entry<String, JsonNode> attribute : attributes.properties()) {
				if (!attribute.getKey().equals(RESERVED_ATTRIBUTE)) {
					json.raw(',').string(attribute.getKey()).raw(':').tree(attribute.getValue());
				}
			}
			json.raw(CLOSE_ATTRIBUTES_THEN_INPUTS);
		}
		return json.tree(inputs).raw(CLOSE);
	}

	/**
	 * @param output the output, or {@code null} (or a JSON null) for none
	 * @param exception what the call raised, or {@code null}; wins over the output
	 * @param endedAtMillis when the call ended, epoch milliseconds
	 */
	public WireRequest end(Call call, JsonNode output, Throwable exception, long endedAtMillis) {
		return WireRequest.compact(RequestType.CALL_END, call.id(),
				writeEnd(call, output, exception, endedAtMillis).toByteArray());
	}

	/**
	 * Writes a call's end request with an empty summary; see
	 * {@link #writeEnd(Call, JsonNode, Throwable, long, ObjectNode)}.
	 */
	public JsonBytes writeEnd(Call call, JsonNode output, Throwable exception, long endedAtMillis) {
		return writeEnd(call, output, exception, endedAtMillis, null);
	}

	/**
	 * Writes a call's end request into this thread's {@link JsonBytes}, compact; see {@link #end}.
	 * @param summary the call's summary, or {@code null} for an empty one
	 */
	public JsonBytes writeEnd(Call call, JsonNode output, Throwable exception, long endedAtMillis,
			ObjectNode summary) {
		JsonBytes json = JsonBytes.local();
		json.raw(this.endHead).plainString(call.id()).raw(ENDED_AT).timestamp(endedAtMillis);
		if (exception != null) {
			json.raw(EXCEPTION).string(ExceptionInfo.toJson(exception, this.redactor));
		}
		else if (output != null && !output.isNull()) {
			json.raw(OUTPUT).tree(output);
		}
		if (summary == null) {
			return json.raw(EMPTY_SUMMARY_AND_CLOSE);
		}
		return json.raw(SUMMARY).tree(summary).raw(CLOSE);
	}

	private static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] all = new byte[length];
		int at = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, all, at, part.length);
			at += part.length;
		}
		return all;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
