package io.weave.client.internal.wal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;

import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.WireRequest;

import static org.assertj.core.api.Assertions.assertThat;

class WalRecordTests {

	@Test
	void lineIsChecksumSpaceJsonNewline() {
		WireRequest request = new WireRequest(RequestType.CALL_END, "c-1", bytes("{\"end\":{\"id\":\"c-1\"}}"));
		byte[] line = WalRecord.encode(request, 1_732_356_930_123L);
		String text = new String(line, StandardCharsets.UTF_8);
		String json = "{\"at\":1732356930123,\"type\":\"call_end\",\"key\":\"c-1\",\"req\":{\"end\":{\"id\":\"c-1\"}}}";
		CRC32C crc = new CRC32C();
		crc.update(bytes(json));
		assertThat(text).isEqualTo(String.format("%08x", crc.getValue()) + " " + json + "\n");
	}

	@Test
	void roundTripKeepsTheBodyBytesAsTheyAre() {
		WireRequest request = new WireRequest(RequestType.FILE_CREATE, "k \"quoted\" \u00e9\t",
				bytes("{\"project_id\":\"a/b\",\"name\":\"obj.py\",\"content\":\"aGVsbG8=\",\"n\":1.50}"));
		WalRecord decoded = decode(WalRecord.encode(request, 42));
		assertThat(decoded.appendedAt()).isEqualTo(42);
		assertThat(decoded.request().type()).isEqualTo(RequestType.FILE_CREATE);
		assertThat(decoded.request().key()).isEqualTo(request.key());
		assertThat(decoded.request().body()).isEqualTo(request.body());
	}

	@Test
	void everyCharacterOfAKeyRoundTrips() {
		for (char c = 0; c < 0x200; c++) {
			String key = "id-" + c + "-" + c;
			WalRecord decoded = decode(WalRecord.encode(new WireRequest(RequestType.CALL_START, key, bytes("{}")), 1));
			assertThat(decoded).as("key with U+%04X", (int) c).isNotNull();
			assertThat(decoded.request().key()).isEqualTo(key);
		}
	}

	@Test
	void nullKeyRoundTrips() {
		WalRecord decoded = decode(WalRecord.encode(new WireRequest(RequestType.OBJ_CREATE, null, bytes("{}")), 1));
		assertThat(decoded.request().key()).isNull();
	}

	@Test
	void rawLineBreaksInTheBodyBecomeSpacesSoTheRecordStaysOneLine() {
		byte[] body = bytes("{\"end\":\n\t{\"id\":\"x\\n\"}\r\n}");
		byte[] line = WalRecord.encode(new WireRequest(RequestType.CALL_END, "x", body), 1);
		assertThat(Arrays.copyOf(line, line.length - 1)).doesNotContain((byte) '\n');
		assertThat(decode(line).request().bodyAsString()).isEqualTo("{\"end\": \t{\"id\":\"x\\n\"}  }");
	}

	@Test
	void aLineBreakAnywhereInTheBodyIsFlattened() {
		String padding = "x".repeat(40);
		for (int at = 0; at <= padding.length(); at++) {
			for (String lineBreak : new String[] { "\n", "\r" }) {
				String json = "{\"k\":\"" + padding.substring(0, at) + "\"," + lineBreak + "\"v\":\"" + padding.substring(at) + "\"}";
				byte[] line = WalRecord.encode(new WireRequest(RequestType.CALL_END, "x", bytes(json)), 1);
				assertThat(Arrays.copyOf(line, line.length - 1)).doesNotContain((byte) '\n', (byte) '\r');
				assertThat(decode(line).request().bodyAsString()).isEqualTo(json.replace(lineBreak, " "));
			}
		}
	}

	@Test
	void aCompactBodyIsWrittenAsIsAndMakesTheSameLine() {
		byte[] body = bytes("{\"end\":{\"id\":\"c-1\",\"output\":\"line\\nbreak\"}}");
		byte[] line = WalRecord.encode(WireRequest.compact(RequestType.CALL_END, "c-1", body), 7);
		assertThat(line).isEqualTo(WalRecord.encode(new WireRequest(RequestType.CALL_END, "c-1", body), 7));
		WalRecord.Line parts = WalRecord.line(WireRequest.compact(RequestType.CALL_END, "c-1", body), 7);
		assertThat(parts.body()).isSameAs(body);
		assertThat(parts.length()).isEqualTo(line.length);
	}

	@Test
	void aBodyRangeWithAnAsciiKeyMakesTheSameLineAsTheWholeRequest() {
		String id = "019a5a5e-7f3c-7b8e-9c1d-2e3f4a5b6c7d";
		byte[] body = bytes("{\"end\":{\"id\":\"" + id + "\"}}");
		byte[] buffer = java.util.Arrays.copyOf(body, body.length + 100);
		java.util.Arrays.fill(buffer, body.length, buffer.length, (byte) 'x');
		WalRecord.Line parts = WalRecord.line(RequestType.CALL_END, id, true, buffer, body.length, true, 7);
		byte[] line = new byte[parts.length()];
		parts.copyTo(line, 0);
		assertThat(line).isEqualTo(WalRecord.encode(new WireRequest(RequestType.CALL_END, id, body), 7));
		assertThat(decode(line).request().key()).isEqualTo(id);
	}

	@Test
	void anyFlippedByteIsDetected() {
		byte[] line = WalRecord.encode(WalTestSupport.request("c-1"), 1);
		for (int i = 0; i < line.length - 1; i++) {
			byte[] damaged = line.clone();
			damaged[i] ^= 0x04;
			assertThat(WalRecord.decode(damaged, 0, damaged.length - 1)).as("flipped byte %d", i).isNull();
		}
	}

	@Test
	void validChecksumOverInvalidJsonIsDetected() {
		assertThat(decode(withChecksum("{\"at\":1,\"type\":\"call_start\",\"key\":\"k\",\"req\":{\"a\":}}"))).isNull();
		assertThat(decode(withChecksum("{\"at\":1,\"type\":\"call_start\",\"key\":\"k\",\"req\":{}} trailing")))
			.isNull();
		assertThat(decode(withChecksum("{\"at\":1,\"type\":\"no_such_type\",\"key\":\"k\",\"req\":{}}"))).isNull();
		assertThat(decode(withChecksum("{\"at\":1,\"type\":\"call_start\",\"key\":\"k\"}"))).isNull();
		assertThat(decode(withChecksum("{\"at\":1,\"type\":\"call_start\",\"key\":\"k\",\"req\":{}}"))).isNotNull();
	}

	@Test
	void appendTimeIsReadFromTheHeadOfALine() {
		byte[] line = WalRecord.encode(WalTestSupport.request("c-1"), 1_732_356_930_123L);
		assertThat(WalRecord.appendedAt(Arrays.copyOf(line, 64), 64)).isEqualTo(1_732_356_930_123L);
		assertThat(WalRecord.appendedAt(bytes("garbage"), 7)).isEqualTo(-1);
	}

	private static WalRecord decode(byte[] line) {
		return WalRecord.decode(line, 0, line.length - 1);
	}

	private static byte[] withChecksum(String json) {
		CRC32C crc = new CRC32C();
		crc.update(bytes(json));
		return bytes(String.format("%08x", crc.getValue()) + " " + json + "\n");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
