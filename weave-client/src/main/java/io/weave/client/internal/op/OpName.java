package io.weave.client.internal.op;

/**
 * Weave object names for ops. Mirrors the Python SDK's {@code sanitize_object_name}, limited to
 * ASCII so that names are safe in refs and URLs: every run of characters outside
 * {@code [A-Za-z0-9_.-]} becomes one {@code -}, every run of two or more of {@code . _ -}
 * collapses to one {@code -}, leading and trailing {@code -} and {@code _} are stripped, and
 * the result is cut to 128 characters (and stripped again). Where Python rejects an empty
 * result, this returns {@value #FALLBACK}.
 */
public final class OpName {

	public static final int MAX_LENGTH = 128;

	public static final String FALLBACK = "op";

	private OpName() {
	}

	public static String sanitize(String name) {
		if (name == null) {
			return FALLBACK;
		}
		String collapsed = collapse(name);
		String stripped = strip(collapsed);
		if (stripped.length() > MAX_LENGTH) {
			stripped = strip(stripped.substring(0, MAX_LENGTH));
		}
		return stripped.isEmpty() ? FALLBACK : stripped;
	}

	/** Both substitutions of the Python version in one pass. */
	private static String collapse(String name) {
		StringBuilder out = new StringBuilder(name.length());
		int run = 0;
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (isWordChar(c)) {
				flush(out, name, i, run);
				run = 0;
				out.append(c);
			}
			else {
				run++;
			}
		}
		flush(out, name, name.length(), run);
		return out.toString();
	}

	/** Writes the run of separators and invalid characters that ends before {@code end}. */
	private static void flush(StringBuilder out, String name, int end, int run) {
		if (run == 1 && isSeparator(name.charAt(end - 1))) {
			out.append(name.charAt(end - 1));
		}
		else if (run > 0) {
			out.append('-');
		}
	}

	private static boolean isWordChar(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	}

	private static boolean isSeparator(char c) {
		return c == '.' || c == '_' || c == '-';
	}

	private static String strip(String name) {
		int start = 0;
		int end = name.length();
		while (start < end && isStrippable(name.charAt(start))) {
			start++;
		}
		while (end > start && isStrippable(name.charAt(end - 1))) {
			end--;
		}
		return name.substring(start, end);
	}

	private static boolean isStrippable(char c) {
		return c == '-' || c == '_';
	}

}
