package io.weave.client.internal.json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The content digests Weave uses in refs, computed exactly as the Python client and the trace
 * server do, so that a ref is known before (and without) any server round trip.
 */
public final class Digests {

	private static final Base64.Encoder URL_ENCODER = Base64.getUrlEncoder().withoutPadding();

	private Digests() {
	}

	/** SHA-256, base64url without padding, with {@code -} as {@code X} and {@code _} as {@code Y}. */
	public static String bytesDigest(byte[] bytes) {
		return URL_ENCODER.encodeToString(sha256().digest(bytes)).replace('-', 'X').replace('_', 'Y');
	}

	/** The digest of an uploaded file: its content's bytes digest. */
	public static String fileDigest(byte[] content) {
		return bytesDigest(content);
	}

	/** The bytes digest of the UTF-8 of {@code json.dumps(value, sort_keys=True)}. */
	public static String objectDigest(JsonNode value) {
		return bytesDigest(PythonJson.dumps(value).getBytes(StandardCharsets.UTF_8));
	}

	/** A table's digest: hex SHA-256 over the concatenated digests of its rows. */
	public static String tableDigest(List<? extends JsonNode> rows) {
		MessageDigest table = sha256();
		for (JsonNode row : rows) {
			table.update(objectDigest(row).getBytes(StandardCharsets.UTF_8));
		}
		return HexFormat.of().formatHex(table.digest());
	}

	/** A table's digest from its rows' {@link #objectDigest object digests}, in row order. */
	public static String tableDigestOfRows(List<String> rowDigests) {
		MessageDigest table = sha256();
		for (String rowDigest : rowDigests) {
			table.update(rowDigest.getBytes(StandardCharsets.UTF_8));
		}
		return HexFormat.of().formatHex(table.digest());
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

}
