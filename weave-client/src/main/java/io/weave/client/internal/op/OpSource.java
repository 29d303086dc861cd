package io.weave.client.internal.op;

import java.nio.charset.StandardCharsets;

/**
 * The {@code obj.py} file published with a Java op. Java source is not available at run time,
 * so the file is a short stub naming the op. It depends only on the op's name and signature
 * (no timestamps, hash codes or paths), so its digest, and with it the op's ref, is the same in
 * every process on every machine until the signature changes.
 */
public final class OpSource {

	public static final String FILE_NAME = "obj.py";

	private OpSource() {
	}

	/**
	 * The stub for an op.
	 * @param name the op's name as the user sees it
	 * @param signature a stable description of the code, e.g.
	 * {@code com.example.SupportService.answer(java.lang.String, int)}; may be {@code null}
	 */
	public static String of(String name, String signature) {
		StringBuilder source = new StringBuilder("# Weave op implemented in Java: ").append(oneLine(name)).append('\n');
		if (signature != null && !signature.isBlank()) {
			source.append("# ").append(oneLine(signature)).append('\n');
		}
		return source.toString();
	}

	public static byte[] bytes(String name, String signature) {
		return of(name, signature).getBytes(StandardCharsets.UTF_8);
	}

	/** Keeps every line a comment, whatever the name contains. */
	private static String oneLine(String text) {
		return String.valueOf(text).replace('\r', ' ').replace('\n', ' ');
	}

}
