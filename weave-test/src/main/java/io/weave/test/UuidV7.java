package io.weave.test;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Generates UUID version 7 strings (RFC 9562): a millisecond timestamp followed by random bits.
 */
final class UuidV7 {

	private static final SecureRandom RANDOM = new SecureRandom();

	private UuidV7() {
	}

	static String generate() {
		long millis = System.currentTimeMillis();
		long mostSignificant = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
		long leastSignificant = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(mostSignificant, leastSignificant).toString();
	}

}
