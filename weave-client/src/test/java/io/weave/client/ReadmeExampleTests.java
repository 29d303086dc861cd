package io.weave.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.weave.client.example.QuickStart;
import io.weave.test.FakeWeaveServer;
import io.weave.test.ReceivedCall;
import io.weave.test.WeaveServerExtension;

import static io.weave.test.WeaveAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** The plain-Java example of the README, run as a real program against the fake server. */
class ReadmeExampleTests {

	private static final Path EXAMPLE = Path.of("src/test/java/io/weave/client/example/QuickStart.java");

	@RegisterExtension
	static final WeaveServerExtension weave = new WeaveServerExtension();

	@Test
	void readmeShowsTheExampleThatIsTested() throws IOException {
		String source = Files.readString(EXAMPLE);
		String example = source.substring(source.indexOf("// README:begin\n") + 16, source.indexOf("// README:end"))
			.replace("\t", "    ");
		assertThat(Files.readString(Path.of("../README.md"))).contains(example);
	}

	@Test
	void exampleTracesNestedOpsAndFlushes() throws Exception {
		FakeWeaveServer server = weave.server();
		ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
				QuickStart.class.getName());
		builder.environment().put("WEAVE_PROJECT", "example/quick-start");
		builder.environment().put("WANDB_API_KEY", server.apiKey());
		builder.environment().put("WF_TRACE_SERVER_URL", server.baseUrl());
		builder.redirectErrorStream(true);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).contains("It shipped on Monday. (flushed:");
		List<ReceivedCall> calls = server.completeCalls();
		assertThat(calls).hasSize(3);
		ReceivedCall root = server.callsNamed("answer").get(0);
		assertThat(server.callsNamed("retrieve").get(0).parentId()).isEqualTo(root.id());
		assertThat(server.callsNamed("generate").get(0).parentId()).isEqualTo(root.id());
		assertThat(server).allRequestsValid().hasNoDuplicates();
	}

	private static String javaBinary() {
		return ProcessHandle.current().info().command().orElse("java");
	}

}
