package io.weave.client.internal.wire;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Call and trace ids: RFC 9562 UUID version 7 strings, time-ordered so the server indexes them well. */
public final class Ids {

	private Ids() {
	}

	public static String uuidV7() {
		return uuidV7String(System.currentTimeMillis());
	}

	/** A UUIDv7 string whose timestamp is {@code epochMillis}. */
	public static String uuidV7String(long epochMillis) {
		return uuidV7(epochMillis).toString();
	}

	static UUID uuidV7(long epochMillis) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long msb = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
		long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
		return new UUID(msb, lsb);
	}

}
