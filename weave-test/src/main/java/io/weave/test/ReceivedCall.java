package io.weave.test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import tools.jackson.databind.JsonNode;

/**
 * A call as the server holds it: its start and end merged, whichever arrived first and whether
 * they came separately or as one complete record. Fields of a part that has not arrived are
 * {@code null}; so are fields the client left out or sent as JSON {@code null}. The JSON values
 * are the server's own parsed copies: read them, do not modify them.
 *
 * @param id the call id
 * @param projectId the {@code entity/project} the call belongs to
 * @param traceId the trace id
 * @param parentId the parent call's id, {@code null} for a root call
 * @param opName the op name, usually a ref {@code weave:///entity/project/op/name:digest}
 * @param displayName the display name
 * @param inputs the inputs
 * @param output the output
 * @param exception the exception, as sent
 * @param summary the summary
 * @param attributes the attributes
 * @param threadId the thread (conversation) the call belongs to
 * @param turnId the id of the turn of its thread the call belongs to
 * @param startedAt when the call started
 * @param endedAt when the call ended
 * @param hasStart whether the start (or a complete record) arrived
 * @param hasEnd whether the end (or a complete record) arrived
 * @param viaCallsComplete whether a complete record for the call arrived through
 * {@code /v2/{entity}/{project}/calls/complete}
 * @param duplicates how many start, end or complete records arrived for parts the server
 * already held (those were ignored)
 */
public record ReceivedCall(String id, String projectId, String traceId, String parentId, String opName,
		String displayName, JsonNode inputs, JsonNode output, String exception, JsonNode summary,
		JsonNode attributes, String threadId, String turnId, Instant startedAt, Instant endedAt, boolean hasStart,
		boolean hasEnd, boolean viaCallsComplete, int duplicates) {

	private static final String OP_MARKER = "/op/";

	static ReceivedCall of(String id, JsonNode start, JsonNode end, boolean viaCallsComplete, int duplicates) {
		JsonNode any = (start != null) ? start : end;
		String traceId = text(start, "trace_id");
		return new ReceivedCall(id, text(any, "project_id"), (traceId != null) ? traceId : text(end, "trace_id"),
				text(start, "parent_id"), text(start, "op_name"), text(start, "display_name"), value(start, "inputs"),
				value(end, "output"), text(end, "exception"), value(end, "summary"), value(start, "attributes"),
				text(start, "thread_id"), text(start, "turn_id"),
				instant(text(start, "started_at")), instant(text(end, "ended_at")), start != null, end != null,
				viaCallsComplete, duplicates);
	}

	/**
	 * Whether both the start and the end of the call arrived.
	 * @return whether the call is complete
	 */
	public boolean isComplete() {
		return this.hasStart && this.hasEnd;
	}

	/**
	 * Whether the call is a root call: its start arrived and names no parent.
	 * @return whether the call is a root
	 */
	public boolean isRoot() {
		return this.hasStart && this.parentId == null;
	}

	/**
	 * Return the op's name: the {@code name} of an op ref
	 * {@code weave:///entity/project/op/name:digest}, or the whole op name if it is not a ref.
	 * @return the op's short name, or {@code null} if the start has not arrived
	 */
	public String opShortName() {
		if (this.opName == null) {
			return null;
		}
		int marker = this.opName.lastIndexOf(OP_MARKER);
		if (!this.opName.startsWith("weave:///") || marker < 0) {
			return this.opName;
		}
		String name = this.opName.substring(marker + OP_MARKER.length());
		int colon = name.lastIndexOf(':');
		return (colon >= 0) ? name.substring(0, colon) : name;
	}

	/**
	 * Whether the call's op is named {@code name}, either exactly or by its short name.
	 * @param name the name to match
	 * @return whether the call has that op name
	 * @see #opShortName()
	 */
	public boolean isNamed(String name) {
		return name.equals(this.opName) || name.equals(opShortName());
	}

	private static JsonNode value(JsonNode record, String field) {
		if (record == null) {
			return null;
		}
		JsonNode value = record.get(field);
		return (value == null || value.isNull()) ? null : value;
	}

	private static String text(JsonNode record, String field) {
		JsonNode value = value(record, field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	private static Instant instant(String timestamp) {
		if (timestamp == null) {
			return null;
		}
		String normalized = timestamp.replace(' ', 'T');
		try {
			return OffsetDateTime.parse(normalized).toInstant();
		}
		catch (DateTimeParseException ex) {
			try {
				return LocalDateTime.parse(normalized).toInstant(ZoneOffset.UTC);
			}
			catch (DateTimeParseException notLocal) {
				return null;
			}
		}
	}

}
