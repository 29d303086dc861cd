package io.weave.test;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A table received by {@code POST /table/create}; every create is kept, also repeats.
 *
 * @param projectId the {@code entity/project}
 * @param rows the rows
 * @param digest the table digest the server computed and answered, see
 * {@link WeaveDigests#tableDigest(List)}
 * @param rowDigests the row digests the server computed and answered
 * @param expectedDigest the digest the client sent as {@code expected_digest}, or {@code null}
 */
public record ReceivedTable(String projectId, List<JsonNode> rows, String digest, List<String> rowDigests,
		String expectedDigest) {

	public ReceivedTable {
		rows = List.copyOf(rows);
		rowDigests = List.copyOf(rowDigests);
	}

	/**
	 * Whether the client sent an {@code expected_digest} that differs from the server's.
	 * @return whether the digests disagree
	 */
	public boolean hasDigestMismatch() {
		return this.expectedDigest != null && !this.expectedDigest.equals(this.digest);
	}

}
