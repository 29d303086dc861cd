package io.weave.client.internal.wire;

/**
 * Copies strings that JSON takes as they are — printable ASCII without a quote or a backslash,
 * as ids, names and most values are — as bytes, in one pass and without a branch per character.
 */
public final class Ascii {

	private Ascii() {
	}

	/**
	 * Copies a string known to be plain — printable ASCII without {@code "} or {@code \}, as
	 * the ids this client generates are — without looking at its characters.
	 */
	@SuppressWarnings("deprecation")
	public static void copyKnownPlain(String value, byte[] out, int at) {
		value.getBytes(0, value.length(), out, at);
	}

	/**
	 * Copies {@code value} to {@code out} at {@code at} if every character is printable ASCII
	 * other than {@code "} and {@code \}; otherwise what was copied is garbage to overwrite.
	 * @param scratch at least {@code value.length()} characters, for the string's characters
	 * @return whether the string was plain
	 */
	public static boolean copyPlain(String value, byte[] out, int at, char[] scratch) {
		int count = value.length();
		value.getChars(0, count, scratch, 0);
		// negative once any character is outside ' '..'~' or is '"' or '\\'
		int outside = 0;
		for (int i = 0; i < count; i++) {
			char c = scratch[i];
			out[at + i] = (byte) c;
			outside |= (c - ' ') | ('~' - c) | ((c ^ '"') - 1) | ((c ^ '\\') - 1);
		}
		return outside >= 0;
	}

}
