package io.weave.benchmarks.faults;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The fault harness in its short configuration: every scenario runs, and nothing accepted is lost. */
class FaultHarnessTests {

	@Test
	void everyScenarioEndsWithNothingLost() throws Exception {
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		List<FaultHarness.Row> rows = new FaultHarness(FaultHarness.Config.QUICK,
				new PrintStream(printed, true, StandardCharsets.UTF_8))
			.run();
		String table = printed.toString(StandardCharsets.UTF_8);
		System.out.println(table);
		Map<String, FaultHarness.Row> byScenario = rows.stream()
			.collect(Collectors.toMap(FaultHarness.Row::scenario, Function.identity()));
		assertThat(rows).hasSize(9).allSatisfy((row) -> {
			assertThat(row.lost()).as(row.scenario()).isZero();
			assertThat(row.traced()).as(row.scenario()).isPositive();
		});
		FaultHarness.Row kills = byScenario.get("kill -9 loop (interval fsync)");
		assertThat(kills.delivered()).isEqualTo(kills.traced());
		FaultHarness.Row open = byScenario.get("kill -9 with calls open");
		assertThat(open.delivered()).as("calls left open ended on the dead process's behalf").isEqualTo(open.traced());
		assertThat(byScenario.get("outage (503 while tracing)").delivered()).isEqualTo(500);
		FaultHarness.Row poison = byScenario.get("poison records (400)");
		assertThat(poison.deadLettered()).isEqualTo(2);
		assertThat(poison.delivered()).isEqualTo(40);
		FaultHarness.Row damaged = byScenario.get("torn and corrupted files");
		assertThat(damaged.quarantined()).isEqualTo(2);
		assertThat(damaged.delivered()).isEqualTo(199);
		assertThat(byScenario.get("two processes on one directory").delivered()).isEqualTo(600);
		assertThat(rows.stream().filter((row) -> row.scenario().startsWith("full log")))
			.hasSize(3)
			.allSatisfy((row) -> assertThat(row.dropped()).as(row.scenario()).isPositive());
		assertThat(table).contains("scenario").contains("dead-lettered").contains("drain ms");
	}

}
