package io.weave.test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The digests of the Weave trace server, computed the way the official Python client and
 * server do. A client that computes its own digests can compare them with these.
 */
public final class WeaveDigests {

	private WeaveDigests() {
	}

	/**
	 * Return the digest of some bytes, e.g. a file's content: SHA-256, base64url, {@code -}
	 * replaced by {@code X}, {@code _} by {@code Y}, without {@code =} padding.
	 * @param bytes the bytes
	 * @return the digest
	 */
	public static String bytesDigest(byte[] bytes) {
		String base64 = Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(bytes));
		return base64.replace('-', 'X').replace('_', 'Y');
	}

	/**
	 * Return the digest of an object's value: the {@link #bytesDigest(byte[]) bytes digest} of
	 * the UTF-8 of {@link #canonicalJson(JsonNode)}.
	 * @param val the value
	 * @return the digest
	 */
	public static String objectDigest(JsonNode val) {
		return bytesDigest(canonicalJson(val).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Return the digests of table rows, each computed like an {@link #objectDigest(JsonNode)
	 * object digest}.
	 * @param rows the rows
	 * @return the row digests, in row order
	 */
	public static List<String> rowDigests(List<JsonNode> rows) {
		return rows.stream().map(WeaveDigests::objectDigest).toList();
	}

	/**
	 * Return the digest of a table: the hex SHA-256 of its row digests concatenated.
	 * @param rows the rows
	 * @return the digest
	 */
	public static String tableDigest(List<JsonNode> rows) {
		String concatenated = String.join("", rowDigests(rows));
		return HexFormat.of().formatHex(sha256(concatenated.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * Return JSON written as Python's {@code json.dumps(value, sort_keys=True)} writes it:
	 * separators {@code ", "} and {@code ": "}, keys sorted, non-ASCII characters escaped as
	 * {@code \\uXXXX}, floats in Python's {@code repr} form.
	 * @param value the value
	 * @return the canonical JSON
	 */
	public static String canonicalJson(JsonNode value) {
		return PythonJson.dumps(value);
	}

	private static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
