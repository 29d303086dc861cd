package io.weave.client.internal.wire;

import java.nio.charset.StandardCharsets;

/**
 * One trace-server request, already serialized: the unit that flows from the client through
 * the write-ahead log and the sender to the transport.
 * <p>
 * {@code body} is the UTF-8 JSON of the request as the single-object endpoint takes it:
 * {@code {"start":{…}}} for {@link RequestType#CALL_START}, {@code {"end":{…}}} for
 * {@link RequestType#CALL_END}, {@code {"obj":{…}}} for {@link RequestType#OBJ_CREATE},
 * {@code {"table":{…}}} for {@link RequestType#TABLE_CREATE}. A
 * {@link RequestType#FILE_CREATE} body is {@code {"project_id":…,"name":…,"content":<base64>}},
 * which the transport turns into the multipart upload.
 * <p>
 * {@code key} identifies the record for logs and dead letters (the call id, or the object id).
 *
 * @param type the request kind
 * @param key the call id or object name the request is about
 * @param body the JSON body, UTF-8
 * @param compact whether the body is known to be compact JSON, without a raw line break, so
 * that the write-ahead log need not look for one
 */
public record WireRequest(RequestType type, String key, byte[] body, boolean compact) {

	/** A request whose body may be any JSON. */
	public WireRequest(RequestType type, String key, byte[] body) {
		this(type, key, body, false);
	}

	/** A request whose body is compact JSON, as Jackson and {@link JsonBytes} write it. */
	public static WireRequest compact(RequestType type, String key, byte[] body) {
		return new WireRequest(type, key, body, true);
	}

	public int size() {
		return this.body.length;
	}

	public String bodyAsString() {
		return new String(this.body, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return this.type.wireName() + "[" + this.key + ", " + this.body.length + " bytes]";
	}

}
