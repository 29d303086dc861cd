package io.weave.client.internal;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.util.ByteArrayBuilder;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.weave.client.Call;
import io.weave.client.ProjectId;
import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.Timestamps;
import io.weave.client.internal.wire.WireRequest;

/**
 * Builds the call start and end requests from already serialized and capped inputs and
 * outputs. Only keys the trace server declares are written, and keys without a value are
 * left out rather than sent as {@code null}.
 * <p>
 * Every traced call runs through here twice on the caller's thread, so the records are
 * streamed straight to bytes: names and the constant parts (project, client attributes) are
 * encoded once, timestamps are formatted by hand, and no intermediate tree is built.
 */
public final class CallRecords {

	private static final SerializableString START = name("start");

	private static final SerializableString END = name("end");

	private static final SerializableString PROJECT_ID = name("project_id");

	private static final SerializableString ID = name("id");

	private static final SerializableString OP_NAME = name("op_name");

	private static final SerializableString DISPLAY_NAME = name("display_name");

	private static final SerializableString TRACE_ID = name("trace_id");

	private static final SerializableString PARENT_ID = name("parent_id");

	private static final SerializableString STARTED_AT = name("started_at");

	private static final SerializableString ENDED_AT = name("ended_at");

	private static final SerializableString ATTRIBUTES = name("attributes");

	private static final SerializableString INPUTS = name("inputs");

	private static final SerializableString OUTPUT = name("output");

	private static final SerializableString EXCEPTION = name("exception");

	private static final SerializableString SUMMARY = name("summary");

	private static final SerializableString EMPTY_OBJECT = name("{}");

	/** About the size of a small record, so that most need one buffer. */
	private static final int INITIAL_BUFFER = 512;

	// Buffers recycled per thread: the caller's threads are few and long-lived.
	private static final JsonMapper MAPPER = JsonMapper.builder(
			tools.jackson.core.json.JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool()).build())
		.build();

	private final SerializableString projectId;

	private final SerializableString attributes;

	public CallRecords(ProjectId project) {
		this.projectId = new SerializedString(project.toString());
		this.attributes = new SerializedString(MAPPER.writeValueAsString(ClientInfo.attributes()));
	}

	public WireRequest start(Call call, String displayName, JsonNode inputs) {
		ByteArrayBuilder out = new ByteArrayBuilder(INITIAL_BUFFER);
		try (JsonGenerator json = MAPPER.createGenerator(out)) {
			json.writeStartObject();
			json.writeName(START);
			json.writeStartObject();
			json.writeName(PROJECT_ID);
			json.writeString(this.projectId);
			json.writeName(ID);
			json.writeString(call.id());
			json.writeName(OP_NAME);
			json.writeString(call.opName());
			if (displayName != null) {
				json.writeName(DISPLAY_NAME);
				json.writeString(displayName);
			}
			json.writeName(TRACE_ID);
			json.writeString(call.traceId());
			if (call.parentId() != null) {
				json.writeName(PARENT_ID);
				json.writeString(call.parentId());
			}
			json.writeName(STARTED_AT);
			writeTimestamp(json, call.startedAtMillis());
			json.writeName(ATTRIBUTES);
			json.writeRawValue(this.attributes);
			json.writeName(INPUTS);
			json.writeTree(inputs);
			json.writeEndObject();
			json.writeEndObject();
		}
		return new WireRequest(RequestType.CALL_START, call.id(), out.toByteArray());
	}

	/**
	 * @param output the output, or {@code null} (or a JSON null) for none
	 * @param exception what the call raised, or {@code null}; wins over the output
	 * @param endedAtMillis when the call ended, epoch milliseconds
	 */
	public WireRequest end(Call call, JsonNode output, Throwable exception, long endedAtMillis) {
		ByteArrayBuilder out = new ByteArrayBuilder(INITIAL_BUFFER);
		try (JsonGenerator json = MAPPER.createGenerator(out)) {
			json.writeStartObject();
			json.writeName(END);
			json.writeStartObject();
			json.writeName(PROJECT_ID);
			json.writeString(this.projectId);
			json.writeName(ID);
			json.writeString(call.id());
			json.writeName(ENDED_AT);
			writeTimestamp(json, endedAtMillis);
			if (exception != null) {
				json.writeName(EXCEPTION);
				json.writeString(ExceptionInfo.toJson(exception));
			}
			else if (output != null && !output.isNull()) {
				json.writeName(OUTPUT);
				json.writeTree(output);
			}
			json.writeName(SUMMARY);
			json.writeRawValue(EMPTY_OBJECT);
			json.writeEndObject();
			json.writeEndObject();
		}
		return new WireRequest(RequestType.CALL_END, call.id(), out.toByteArray());
	}

	private static void writeTimestamp(JsonGenerator json, long epochMillis) {
		if (Timestamps.isFormattedByHand(epochMillis)) {
			char[] chars = new char[Timestamps.LENGTH];
			Timestamps.write(epochMillis, chars);
			json.writeString(chars, 0, chars.length);
		}
		else {
			json.writeString(Timestamps.format(epochMillis));
		}
	}

	private static SerializableString name(String name) {
		return new SerializedString(name);
	}

}
