package io.weave.test;

import java.nio.charset.StandardCharsets;

/**
 * A file received by {@code POST /file/create}; every create is kept, also repeats.
 *
 * @param projectId the {@code entity/project}
 * @param name the file name of the {@code file} part
 * @param content the file's bytes; do not modify them
 * @param digest the digest the server computed and answered, see
 * {@link WeaveDigests#bytesDigest(byte[])}
 * @param expectedDigest the digest the client sent as {@code expected_digest}, or {@code null}
 */
public record ReceivedFile(String projectId, String name, byte[] content, String digest, String expectedDigest) {

	/**
	 * Return the content decoded as UTF-8.
	 * @return the content as text
	 */
	public String contentAsString() {
		return new String(this.content, StandardCharsets.UTF_8);
	}

	/**
	 * Whether the client sent an {@code expected_digest} that differs from the server's.
	 * @return whether the digests disagree
	 */
	public boolean hasDigestMismatch() {
		return this.expectedDigest != null && !this.expectedDigest.equals(this.digest);
	}

}
