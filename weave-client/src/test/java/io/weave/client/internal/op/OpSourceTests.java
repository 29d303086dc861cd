package io.weave.client.internal.op;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpSourceTests {

	@Test
	void stubNamesTheOpAndItsSignature() {
		assertThat(OpSource.of("answer", "com.example.SupportService.answer(java.lang.String, int)"))
			.isEqualTo("# Weave op implemented in Java: answer\n# com.example.SupportService.answer(java.lang.String, int)\n");
		assertThat(OpSource.of("answer", null)).isEqualTo("# Weave op implemented in Java: answer\n");
	}

	@Test
	void everyLineStaysAComment() {
		assertThat(OpSource.of("evil\nimport os", "sig\r\nos.system('x')").lines()).allMatch((line) -> line.startsWith("# "));
	}

	@Test
	void isStableSoIsItsDigest() {
		byte[] source = OpSource.bytes("answer", "com.example.SupportService.answer(java.lang.String, int)");
		assertThat(source).isEqualTo(
				"# Weave op implemented in Java: answer\n# com.example.SupportService.answer(java.lang.String, int)\n"
					.getBytes(StandardCharsets.UTF_8));
	}

}
