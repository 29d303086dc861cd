package io.weave.client.internal.op;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class OpNameTests {

	/**
	 * Expected values as Python's
	 * {@code re.sub(r"([._-]{2,})+", "-", re.sub(r"[^\w._]+", "-", name)).strip("-_")[:128]}
	 * returns them.
	 */
	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
		"SupportService.answer|SupportService.answer",
		"com.example.Foo#bar(String, int)|com.example.Foo-bar-String-int",
		"'  hello world  '|hello-world",
		"a..b__c--d|a-b-c-d",
		"_private_|private",
		"a.-b|a-b",
		"a.b|a.b",
		"a_b|a_b",
		"my-op|my-op",
		"a#_#b|a-b",
		"x-_y|x-y",
		"v1.2.3|v1.2.3",
		"A/B:C|A-B-C"
	})
	void sanitizesAsPython(String name, String expected) {
		assertThat(OpName.sanitize(name)).isEqualTo(expected);
	}

	@Test
	void emptyResultsFallBack() {
		assertThat(OpName.sanitize("###")).isEqualTo("op");
		assertThat(OpName.sanitize("")).isEqualTo("op");
		assertThat(OpName.sanitize("__")).isEqualTo("op");
		assertThat(OpName.sanitize(null)).isEqualTo("op");
	}

	@Test
	void onlyAsciiIsKept() {
		assertThat(OpName.sanitize("caf\u00e9 \u4e2d\u6587 op")).isEqualTo("caf-op");
	}

	@Test
	void longNamesAreCutAndStripped() {
		assertThat(OpName.sanitize("x".repeat(200))).isEqualTo("x".repeat(128));
		assertThat(OpName.sanitize("a".repeat(127) + "-b")).isEqualTo("a".repeat(127));
	}

}
