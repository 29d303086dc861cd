package io.weave.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.weave.client.example.ChatTurns;
import io.weave.client.example.QuickStart;
import io.weave.test.FakeWeaveServer;
import io.weave.test.ReceivedCall;
import io.weave.test.WeaveServerExtension;

import static io.weave.test.WeaveAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** The plain-Java example of the README, run as a real program against the fake server. */
class ReadmeExampleTests {

	private static final Path EXAMPLE = Path.of("src/test/java/io/weave/client/example/QuickStart.java");

	private static final Path CHAT_EXAMPLE = Path.of("src/test/java/io/weave/client/example/ChatTurns.java");

	@RegisterExtension
	static final WeaveServerExtension weave = new WeaveServerExtension();

	@Test
	void readmeShowsTheExamplesThatAreTested() throws IOException {
		String readme = Files.readString(Path.of("../README.md"));
		for (Path example : List.of(EXAMPLE, CHAT_EXAMPLE)) {
			String source = Files.readString(example);
			String shown = source.substring(source.indexOf("// README:begin\n") + 16, source.indexOf("// README:end"))
				.replace("\t", "    ");
			assertThat(readme).contains(shown);
		}
	}

	@Test
	void exampleTracesNestedOpsAndFlushes() throws Exception {
		FakeWeaveServer server = weave.server();
		String output = run(QuickStart.class, server);
		assertThat(output).contains("It shipped on Monday. (flushed:");
		List<ReceivedCall> calls = server.completeCalls();
		assertThat(calls).hasSize(3);
		ReceivedCall root = server.callsNamed("answer").get(0);
		assertThat(server.callsNamed("retrieve").get(0).parentId()).isEqualTo(root.id());
		assertThat(server.callsNamed("generate").get(0).parentId()).isEqualTo(root.id());
		assertThat(server).allRequestsValid().hasNoDuplicates();
	}

	@Test
	void chatExampleRecordsUsageAttributesAndTurns() throws Exception {
		FakeWeaveServer server = weave.server();
		String output = run(ChatTurns.class, server);
		assertThat(output).contains("It shipped on Monday.").contains("flushed:");
		assertThat(server.completeCalls()).hasSize(4);
		List<ReceivedCall> answers = server.callsNamed("answer");
		assertThat(answers).hasSize(2).allSatisfy((answer) -> {
			assertThat(StartRecords.threadId(server, answer.id())).isEqualTo("ticket-42");
			assertThat(StartRecords.turnId(server, answer.id())).isEqualTo(answer.id());
			assertThat(answer.displayName()).startsWith("Answer: ");
			assertThat(answer.attributes().get("customer").asString()).isEqualTo("acme");
			assertThat(answer.summary().at("/usage/gpt-4o-mini/total_tokens").asInt()).isEqualTo(876);
			ReceivedCall chat = server.children(answer.id()).get(0);
			assertThat(StartRecords.turnId(server, chat.id())).isEqualTo(answer.id());
		});
		assertThat(server).allRequestsValid().hasNoDuplicates();
	}

	private static String run(Class<?> example, FakeWeaveServer server) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
				example.getName());
		builder.environment().put("WEAVE_PROJECT", "example/quick-start");
		builder.environment().put("WANDB_API_KEY", server.apiKey());
		builder.environment().put("WF_TRACE_SERVER_URL", server.baseUrl());
		builder.redirectErrorStream(true);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

	private static String javaBinary() {
		return ProcessHandle.current().info().command().orElse("java");
	}

}
