package io.weave.client.internal.transport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code multipart/form-data} body of {@code POST /file/create}, built from a
 * {@code file_create} request body {@code {"project_id","name","content":<base64>}}
 * (optionally with {@code expected_digest}).
 */
final class MultipartFileUpload {

	private final String boundary;

	private final byte[] body;

	private MultipartFileUpload(String boundary, byte[] body) {
		this.boundary = boundary;
		this.body = body;
	}

	String contentType() {
		return "multipart/form-data; boundary=" + this.boundary;
	}

	byte[] body() {
		return this.body;
	}

	/**
	 * Builds the upload.
	 * @param fileCreateBody the {@code file_create} request body
	 * @return the multipart upload
	 * @throws IllegalArgumentException if the body is not a well-formed {@code file_create} request
	 */
	static MultipartFileUpload of(byte[] fileCreateBody) {
		JsonNode request = parse(fileCreateBody);
		String projectId = requiredString(request, "project_id");
		String name = requiredString(request, "name");
		byte[] content = decode(requiredString(request, "content"));
		String boundary = "weave-" + UUID.randomUUID();
		ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 512);
		writeField(out, boundary, "project_id", projectId);
		JsonNode expectedDigest = request.path("expected_digest");
		if (expectedDigest.isString()) {
			writeField(out, boundary, "expected_digest", expectedDigest.stringValue());
		}
		writeAscii(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
				+ quote(name) + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
		out.writeBytes(content);
		writeAscii(out, "\r\n--" + boundary + "--\r\n");
		return new MultipartFileUpload(boundary, out.toByteArray());
	}

	private static void writeField(ByteArrayOutputStream out, String boundary, String name, String value) {
		writeAscii(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
		out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
		writeAscii(out, "\r\n");
	}

	private static void writeAscii(ByteArrayOutputStream out, String text) {
		out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
	}

	/** Percent-escapes what would break the quoted filename, as browsers do. */
	private static String quote(String name) {
		return name.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
	}

	private static JsonNode parse(byte[] body) {
		try {
			JsonNode request = JsonMapper.shared().readTree(body);
			if (request == null || !request.isObject()) {
				throw new IllegalArgumentException("file_create body is not a JSON object");
			}
			return request;
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("file_create body is not valid JSON: " + ex.getOriginalMessage());
		}
	}

	private static String requiredString(JsonNode request, String field) {
		JsonNode value = request.path(field);
		if (!value.isString()) {
			throw new IllegalArgumentException("file_create body has no string '" + field + "'");
		}
		return value.stringValue();
	}

	private static byte[] decode(String content) {
		try {
			return Base64.getDecoder().decode(content);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("file_create content is not base64: " + ex.getMessage());
		}
	}

}
