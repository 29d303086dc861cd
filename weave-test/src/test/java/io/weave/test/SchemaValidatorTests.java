package io.weave.test;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SchemaValidator} against the bundled schemas.
 */
class SchemaValidatorTests {

	private final SchemaValidator lenient = SchemaValidator.bundled(TestHttp.JSON, false);

	private final SchemaValidator strict = SchemaValidator.bundled(TestHttp.JSON, true);

	@Test
	void validStartPassesBothModes() {
		ObjectNode body = Records.startReq(Records.start(Records.id(), Records.id(), null, "op"));
		assertThat(this.lenient.validate("CallStartReq", body)).isEmpty();
		assertThat(this.strict.validate("CallStartReq", body)).isEmpty();
	}

	@Test
	void integersAreParsedLaxlyOnlyInLenientMode() {
		ObjectNode start = Records.start(Records.id(), Records.id(), null, "op").put("wb_run_step", "12");
		assertThat(this.lenient.validate("CallStartReq", Records.startReq(start))).isEmpty();
		assertThat(types(this.strict.validate("CallStartReq", Records.startReq(start))))
			.containsExactly("body.start.wb_run_step:int_type");
		start.put("wb_run_step", 3.0);
		assertThat(this.lenient.validate("CallStartReq", Records.startReq(start))).isEmpty();
		start.put("wb_run_step", 3.5);
		assertThat(types(this.lenient.validate("CallStartReq", Records.startReq(start))))
			.containsExactly("body.start.wb_run_step:int_from_float");
	}

	@Test
	void booleansAreParsedLaxlyOnlyInLenientMode() {
		ObjectNode end = Records.end(Records.id()).put("is_eval", "yes");
		assertThat(this.lenient.validate("CallEndReq", Records.endReq(end))).isEmpty();
		end.put("is_eval", "maybe");
		assertThat(types(this.lenient.validate("CallEndReq", Records.endReq(end))))
			.containsExactly("body.end.is_eval:bool_type");
		end.put("is_eval", 1);
		assertThat(types(this.strict.validate("CallEndReq", Records.endReq(end))))
			.containsExactly("body.end.is_eval:bool_type");
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-11-23T10:15:30Z", "2026-11-23T10:15:30.123456+02:00", "2026-11-23 10:15",
			"2026-11-23", "1779531330" })
	void lenientModeAcceptsIsoVariants(String timestamp) {
		ObjectNode end = Records.end(Records.id()).put("ended_at", timestamp);
		assertThat(this.lenient.validate("CallEndReq", Records.endReq(end))).isEmpty();
		assertThat(types(this.strict.validate("CallEndReq", Records.endReq(end))))
			.containsExactly("body.end.ended_at:strict_datetime_format");
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-13-23T10:15:30.123Z", "2026-11-23T24:15:30.123Z", "23/11/2026" })
	void invalidDatesAreRejectedInBothModes(String timestamp) {
		ObjectNode end = Records.end(Records.id()).put("ended_at", timestamp);
		assertThat(this.lenient.validate("CallEndReq", Records.endReq(end))).isNotEmpty();
		assertThat(this.strict.validate("CallEndReq", Records.endReq(end))).isNotEmpty();
	}

	@Test
	void wrongTypesAreReported() {
		ObjectNode body = TestHttp.JSON.createObjectNode();
		body.put("batch", "not a list");
		assertThat(types(this.lenient.validate("CallsUpsertCompleteReq", body))).containsExactly("body.batch:list_type");
		assertThat(types(this.lenient.validate("CallStartReq", TestHttp.JSON.createArrayNode())))
			.containsExactly("body:model_type");
		ObjectNode start = Records.start(Records.id(), Records.id(), null, "op");
		start.put("inputs", "text");
		assertThat(types(this.lenient.validate("CallStartReq", Records.startReq(start))))
			.containsExactly("body.start.inputs:dict_type");
	}

	@Test
	void usageValuesAreValidatedAgainstLlmUsageSchema() {
		ObjectNode end = Records.end(Records.id());
		((ObjectNode) end.get("summary")).putObject("usage").putObject("gpt-4o").put("prompt_tokens", "many");
		assertThat(types(this.lenient.validate("CallEndReq", Records.endReq(end))))
			.containsExactly("body.end.summary.usage.gpt-4o.prompt_tokens:int_type");
	}

	@Test
	void batchItemWithNeitherStartNorEndReportsTheClosestBranch() {
		ObjectNode item = TestHttp.JSON.createObjectNode().put("mode", "start");
		item.putObject("req");
		assertThat(types(this.lenient.validate("CallCreateBatchReq", Records.batch(item))))
			.containsExactly("body.batch.0.req.start:missing");
	}

	@Test
	void objectValueMayBeAnything() {
		ObjectNode body = TestHttp.JSON.createObjectNode();
		body.putObject("obj").put("project_id", Records.PROJECT).put("object_id", "x").putNull("val");
		assertThat(this.lenient.validate("ObjCreateReq", body)).isEmpty();
	}

	private static List<String> types(List<ValidationError> errors) {
		return errors.stream().map((error) -> error.path() + ":" + error.type()).toList();
	}

}
