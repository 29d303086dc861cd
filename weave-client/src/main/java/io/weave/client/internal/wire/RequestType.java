package io.weave.client.internal.wire;

/**
 * The kinds of trace-server request the client produces. The wire name is what the
 * write-ahead log stores in a line's {@code type} field.
 */
public enum RequestType {

	CALL_START("call_start"),

	CALL_END("call_end"),

	OBJ_CREATE("obj_create"),

	FILE_CREATE("file_create"),

	TABLE_CREATE("table_create");

	private final String wireName;

	RequestType(String wireName) {
		this.wireName = wireName;
	}

	public String wireName() {
		return this.wireName;
	}

	public static RequestType fromWireName(String name) {
		for (RequestType type : values()) {
			if (type.wireName.equals(name)) {
				return type;
			}
		}
		throw new IllegalArgumentException("Unknown request type '" + name + "'");
	}

}
