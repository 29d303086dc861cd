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
		Run run = run(FaultHarness.LOG_FAULTS);
		assertThat(run.rows()).hasSize(8).allSatisfy((row) -> {
			assertThat(row.lost()).as(row.scenario()).isZero();
			assertThat(row.exceptions()).as(row.scenario()).isZero();
			assertThat(row.traced()).as(row.scenario()).isPositive();
		});
		FaultHarness.Row kills = run.row("kill -9 loop (interval fsync)");
		assertThat(kills.delivered()).isEqualTo(kills.traced());
		assertThat(run.row("outage (503 while tracing)").delivered()).isEqualTo(500);
		FaultHarness.Row poison = run.row("poison records (400)");
		assertThat(poison.deadLettered()).isEqualTo(2);
		assertThat(poison.delivered()).isEqualTo(40);
		FaultHarness.Row damaged = run.row("torn and corrupted files");
		assertThat(damaged.quarantined()).isEqualTo(2);
		assertThat(damaged.delivered()).isEqualTo(199);
		assertThat(run.row("two processes on one directory").delivered()).isEqualTo(600);
		assertThat(run.rows().stream().filter((row) -> row.scenario().startsWith("full log")))
			.hasSize(3)
			.allSatisfy((row) -> assertThat(row.dropped()).as(row.scenario()).isPositive());
		assertThat(run.table()).contains("scenario").contains("dead-lettered").contains("exceptions").contains("drain ms");
	}

	@Test
	void everyRealWorldFaultEndsWithEverythingDeliveredAndNothingThrown() throws Exception {
		Run run = run(FaultHarness.WORLD_FAULTS);
		assertThat(run.rows()).allSatisfy((row) -> {
			assertThat(row.brokenPromises()).as(row.scenario()).isEmpty();
			assertThat(row.traced()).as(row.scenario()).isPositive();
		});
		if (!run.table().contains("disk full (4 MiB tmpfs): skipped")) {
			FaultHarness.Row disk = run.row("disk full (4 MiB tmpfs)");
			assertThat(disk.dropped()).as("records refused while the disk was full").isPositive();
			assertThat(disk.delivered()).isPositive();
		}
		FaultHarness.Row unauthorized = run.row("401 until the key is fixed");
		assertThat(unauthorized.deadLettered()).isZero();
		assertThat(unauthorized.delivered()).isEqualTo(300);
		assertThat(run.row("Retry-After: 99999999999").delivered()).isEqualTo(300);
		FaultHarness.Row bursts = run.row("bursts, always fsync, idle gaps");
		assertThat(bursts.traced()).isEqualTo(16 * 8 * 5);
		assertThat(bursts.delivered()).isEqualTo(bursts.traced());
		FaultHarness.Row crashLoop = run.row("wal-only kill -9 loop, small max-bytes");
		assertThat(crashLoop.dropped()).isZero();
		assertThat(crashLoop.delivered()).isEqualTo(crashLoop.traced()).isEqualTo(500);
		FaultHarness.Row open = run.row("kill -9 with calls open");
		assertThat(open.delivered()).isEqualTo(open.traced());
	}

	private static Run run(List<String> scenarios) throws Exception {
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		List<FaultHarness.Row> rows = new FaultHarness(FaultHarness.Config.QUICK,
				new PrintStream(printed, true, StandardCharsets.UTF_8))
			.run(scenarios);
		String table = printed.toString(StandardCharsets.UTF_8);
		System.out.println(table);
		return new Run(rows, table);
	}

	private record Run(List<FaultHarness.Row> rows, String table) {

		FaultHarness.Row row(String scenario) {
			Map<String, FaultHarness.Row> byScenario = this.rows.stream()
				.collect(Collectors.toMap(FaultHarness.Row::scenario, Function.identity()));
			assertThat(byScenario).containsKey(scenario);
			return byScenario.get(scenario);
		}

	}

}
