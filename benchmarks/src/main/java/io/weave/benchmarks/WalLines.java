package io.weave.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.weave.client.internal.wal.FsyncPolicy;
import io.weave.client.internal.wal.Wal;
import io.weave.client.internal.wal.WalSettings;
import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.WireRequest;

/** A typical request and the exact line the write-ahead log stores for it. */
public final class WalLines {

	private WalLines() {
	}

	/** A call start with two small inputs, as the client produces it (about 500 bytes). */
	public static WireRequest callStart() {
		String body = "{\"start\":{\"project_id\":\"bench/wal\",\"id\":\"019a5a5e-7f3c-7b8e-9c1d-2e3f4a5b6c7d\","
				+ "\"op_name\":\"weave:///bench/wal/op/answer:u8GaWRgTI0XkVWcVdNm4CTDAQ7NRx0zRZmWvrxgPEGw\","
				+ "\"trace_id\":\"019a5a5e-7f3c-7b8e-9c1d-2e3f4a5b6c7e\",\"started_at\":\"2026-11-23T10:15:30.123Z\","
				+ "\"attributes\":{\"weave\":{\"client_version\":\"0.1.0\",\"source\":\"java-sdk\",\"sys_version\":\"17.0.15\","
				+ "\"java_vendor\":\"Debian\",\"os_name\":\"Linux\",\"os_version\":\"6.18\",\"os_arch\":\"amd64\"}},"
				+ "\"inputs\":{\"question\":\"Where is my order?\",\"limit\":3}}}";
		return WireRequest.compact(RequestType.CALL_START, "019a5a5e-7f3c-7b8e-9c1d-2e3f4a5b6c7d",
				body.getBytes(StandardCharsets.UTF_8));
	}

	/** The line the log writes for {@code request}: appended to a scratch log and read back. */
	public static byte[] line(WireRequest request) {
		Path base = TempDirectories.create("weave-bench-line");
		try {
			WalSettings settings = WalSettings.of(base, "bench/line").withSending(false).withFsync(FsyncPolicy.NEVER);
			try (Wal wal = Wal.open(settings)) {
				wal.writer().append(request);
			}
			try (Stream<Path> files = Files.walk(base)) {
				List<Path> segments = files.filter((file) -> file.toString().endsWith(".wal")).toList();
				return Files.readAllBytes(segments.get(0));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			TempDirectories.delete(base);
		}
	}

}
