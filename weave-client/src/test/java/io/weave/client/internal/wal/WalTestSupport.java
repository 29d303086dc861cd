package io.weave.client.internal.wal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.WireRequest;

/** Requests and polling shared by the write-ahead log tests. */
final class WalTestSupport {

	static final String PROJECT = "acme/tracing";

	private WalTestSupport() {
	}

	static WalSettings settings(Path baseDir) {
		return WalSettings.of(baseDir, PROJECT).withMaintenanceInterval(Duration.ofMillis(50));
	}

	static WireRequest request(String key) {
		String body = "{\"start\":{\"project_id\":\"acme/tracing\",\"id\":\"" + key
				+ "\",\"op_name\":\"weave:///acme/tracing/op/f:abc\",\"inputs\":{\"text\":\"h\\u00e9llo \\\"" + key
				+ "\\\"\"}}}";
		return new WireRequest(RequestType.CALL_START, key, body.getBytes(StandardCharsets.UTF_8));
	}

	/** Polls until {@code expected} records arrived or ten seconds passed; the poll is the wait. */
	static List<WalEntry> poll(Wal wal, int expected) {
		List<WalEntry> entries = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (entries.size() < expected && System.nanoTime() < deadline) {
			entries.addAll(wal.reader().poll(500, 1 << 20, Duration.ofMillis(100)));
		}
		return entries;
	}

	/** Polls everything there is, acknowledging it, until a poll comes back empty. */
	static List<WalEntry> drain(Wal wal) {
		List<WalEntry> entries = new ArrayList<>();
		List<WalEntry> batch = wal.reader().poll(500, 1 << 20, Duration.ofMillis(150));
		while (!batch.isEmpty()) {
			entries.addAll(batch);
			wal.ack(batch);
			batch = wal.reader().poll(500, 1 << 20, Duration.ofMillis(150));
		}
		return entries;
	}

	/** The keys of the call starts among the entries, leaving out the ends written for the calls of dead writers. */
	static List<String> startKeys(List<WalEntry> entries) {
		return keys(entries.stream().filter((entry) -> entry.request().type() == RequestType.CALL_START).toList());
	}

	/** The keys of the call ends among the entries. */
	static List<String> endKeys(List<WalEntry> entries) {
		return keys(entries.stream().filter((entry) -> entry.request().type() == RequestType.CALL_END).toList());
	}

	static List<String> keys(List<WalEntry> entries) {
		return entries.stream().map((entry) -> entry.request().key()).collect(Collectors.toList());
	}

}
