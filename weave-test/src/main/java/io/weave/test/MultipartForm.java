package io.weave.test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed {@code multipart/form-data} body (RFC 7578), enough for {@code /file/create}.
 */
final class MultipartForm {

	private static final byte[] HEADER_END = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

	private final Map<String, Part> parts;

	private MultipartForm(Map<String, Part> parts) {
		this.parts = parts;
	}

	/**
	 * Return a form without parts.
	 * @return an empty form
	 */
	static MultipartForm empty() {
		return new MultipartForm(Map.of());
	}

	/**
	 * Return the first part with a name.
	 * @param name the form field name
	 * @return the part or {@code null}
	 */
	Part part(String name) {
		return this.parts.get(name);
	}

	/**
	 * Parse a body.
	 * @param contentType the request's {@code Content-Type}
	 * @param body the body
	 * @return the form
	 * @throws IllegalArgumentException if the body is not multipart/form-data
	 */
	static MultipartForm parse(String contentType, byte[] body) {
		String boundary = boundary(contentType);
		byte[] first = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
		byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
		int position = indexOf(body, first, 0);
		if (position < 0) {
			throw new IllegalArgumentException("No multipart boundary in the body");
		}
		position += first.length;
		Map<String, Part> parts = new LinkedHashMap<>();
		while (!startsWith(body, position, "--")) {
			if (!startsWith(body, position, "\r\n")) {
				throw new IllegalArgumentException("Malformed multipart delimiter");
			}
			int headersEnd = indexOf(body, HEADER_END, position + 2);
			int contentEnd = (headersEnd >= 0) ? indexOf(body, delimiter, headersEnd + HEADER_END.length) : -1;
			if (contentEnd < 0) {
				throw new IllegalArgumentException("Truncated multipart body");
			}
			String headers = new String(body, position + 2, headersEnd - position - 2, StandardCharsets.UTF_8);
			Part part = Part.of(headers, Arrays.copyOfRange(body, headersEnd + HEADER_END.length, contentEnd));
			if (part.name() != null) {
				parts.putIfAbsent(part.name(), part);
			}
			position = contentEnd + delimiter.length;
		}
		return new MultipartForm(parts);
	}

	private static String boundary(String contentType) {
		if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
			throw new IllegalArgumentException("Content-Type is not multipart/form-data");
		}
		String boundary = parameters(contentType).get("boundary");
		if (boundary == null || boundary.isEmpty()) {
			throw new IllegalArgumentException("Content-Type has no boundary");
		}
		return boundary;
	}

	/**
	 * Parse the {@code ; name=value} parameters of a header value; values may be quoted.
	 */
	private static Map<String, String> parameters(String headerValue) {
		Map<String, String> parameters = new LinkedHashMap<>();
		int i = headerValue.indexOf(';');
		while (i >= 0 && i < headerValue.length()) {
			int equals = headerValue.indexOf('=', i);
			if (equals < 0) {
				break;
			}
			String name = headerValue.substring(i + 1, equals).trim().toLowerCase(Locale.ROOT);
			StringBuilder value = new StringBuilder();
			int j = equals + 1;
			if (j < headerValue.length() && headerValue.charAt(j) == '"') {
				for (j++; j < headerValue.length() && headerValue.charAt(j) != '"'; j++) {
					char c = headerValue.charAt(j);
					if (c == '\\' && j + 1 < headerValue.length()) {
						c = headerValue.charAt(++j);
					}
					value.append(c);
				}
				j = headerValue.indexOf(';', j);
			}
			else {
				int end = headerValue.indexOf(';', j);
				value.append(headerValue, j, (end < 0) ? headerValue.length() : end);
				j = end;
			}
			parameters.put(name, value.toString().trim());
			i = j;
		}
		return parameters;
	}

	private static boolean startsWith(byte[] body, int position, String prefix) {
		if (position + prefix.length() > body.length) {
			return false;
		}
		for (int i = 0; i < prefix.length(); i++) {
			if (body[position + i] != prefix.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	private static int indexOf(byte[] haystack, byte[] needle, int from) {
		int last = haystack.length - needle.length;
		outer: for (int i = from; i <= last; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	/**
	 * One part of the form.
	 *
	 * @param name the form field name
	 * @param filename the file name, {@code null} for a plain field
	 * @param content the part's bytes
	 */
	record Part(String name, String filename, byte[] content) {

		static Part of(String headers, byte[] content) {
			String name = null;
			String filename = null;
			for (String line : headers.split("\r\n")) {
				int colon = line.indexOf(':');
				if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Disposition")) {
					Map<String, String> parameters = parameters(line.substring(colon + 1));
					name = parameters.get("name");
					filename = parameters.get("filename");
				}
			}
			return new Part(name, filename, content);
		}

		String text() {
			return new String(this.content, StandardCharsets.UTF_8);
		}

	}

}
