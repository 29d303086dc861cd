package io.weave.client.internal.transport;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of one URL path segment (RFC 3986 unreserved characters pass through). */
final class PathSegments {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private PathSegments() {
	}

	static String encode(String segment) {
		StringBuilder encoded = new StringBuilder(segment.length());
		for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xFF;
			if (isUnreserved(c)) {
				encoded.append((char) c);
			}
			else {
				encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
			}
		}
		return encoded.toString();
	}

	private static boolean isUnreserved(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~';
	}

}
