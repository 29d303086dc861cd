package io.weave.client.internal.transport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough of a {@code multipart/form-data} parser to check what the transport uploads. */
final class MultipartParts {

	private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");

	private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"");

	private MultipartParts() {
	}

	static List<Part> parse(byte[] body, String boundary) {
		byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
		List<Part> parts = new ArrayList<>();
		int at = indexOf(body, delimiter, 0);
		while (at >= 0) {
			int start = at + delimiter.length;
			if (body[start] == '-' && body[start + 1] == '-') {
				break;
			}
			int next = indexOf(body, delimiter, start);
			parts.add(part(Arrays.copyOfRange(body, start + 2, next - 2)));
			at = next;
		}
		return parts;
	}

	private static Part part(byte[] raw) {
		int headersEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
		String headers = new String(raw, 0, headersEnd, StandardCharsets.UTF_8);
		Matcher name = NAME.matcher(headers);
		Matcher filename = FILENAME.matcher(headers);
		return new Part(name.find() ? name.group(1) : null, filename.find() ? filename.group(1) : null,
				Arrays.copyOfRange(raw, headersEnd + 4, raw.length));
	}

	private static int indexOf(byte[] data, byte[] pattern, int from) {
		outer: for (int i = from; i <= data.length - pattern.length; i++) {
			for (int j = 0; j < pattern.length; j++) {
				if (data[i + j] != pattern[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	record Part(String name, String filename, byte[] content) {
	}

}
