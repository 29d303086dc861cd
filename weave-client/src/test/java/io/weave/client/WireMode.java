package io.weave.client;

import java.nio.file.Path;

import io.weave.test.FakeWeaveServer;

/** The two ways calls reach the trace server, each through the write-ahead log. */
enum WireMode {

	/** Starts and ends as items of {@code /call/upsert_batch}. */
	UPSERT,

	/** One merged record per call through {@code /v2/{entity}/{project}/calls/complete}, which the server requires. */
	CALLS_COMPLETE;

	/** A client with its write-ahead log in {@code walDirectory}, sending in this mode to {@code server}. */
	WeaveClient client(FakeWeaveServer server, Path walDirectory) {
		boolean complete = this == CALLS_COMPLETE;
		server.requireCallsCompleteMode(complete);
		return TestClients.builder(server)
			.environment(WeaveEnvironment.of((name) -> null))
			.wal(true)
			.walDirectory(walDirectory)
			.callsCompleteMode(complete)
			.build();
	}

}
