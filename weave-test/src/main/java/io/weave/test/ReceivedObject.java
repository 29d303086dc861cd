package io.weave.test;

import tools.jackson.databind.JsonNode;

/**
 * An object received by {@code POST /obj/create}; every create is kept, also repeats.
 *
 * @param projectId the {@code entity/project}
 * @param objectId the object's name
 * @param val the object's value
 * @param digest the digest the server computed and answered, see
 * {@link WeaveDigests#objectDigest(JsonNode)}
 * @param expectedDigest the digest the client sent as {@code expected_digest}, or {@code null}
 */
public record ReceivedObject(String projectId, String objectId, JsonNode val, String digest, String expectedDigest) {

	/**
	 * Whether the client sent an {@code expected_digest} that differs from the server's.
	 * @return whether the digests disagree
	 */
	public boolean hasDigestMismatch() {
		return this.expectedDigest != null && !this.expectedDigest.equals(this.digest);
	}

}
