package io.weave.test;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ChildJvm}.
 */
class ChildJvmTests {

	@Test
	@EnabledOnOs(OS.LINUX)
	void aKilledChildsCutOffLastLineDoesNotCount() throws Exception {
		try (ChildJvm child = start("cut-off")) {
			await().atMost(Duration.ofSeconds(60)).until(() -> child.hasPrinted("READY"));
			assertThat(child.kill()).as("killed by SIGKILL").isEqualTo(128 + 9);
			assertThat(child.lines()).containsExactly("traced a", "traced b", "other c", "READY");
			assertThat(child.values("traced")).containsExactly("a", "b");
			assertThat(child.value("other")).isEqualTo("c");
			assertThat(child.value("missing")).isNull();
		}
	}

	@Test
	void closingTheInputEndsAChildThatReadsIt() throws Exception {
		try (ChildJvm child = start("until-input-closes")) {
			await().atMost(Duration.ofSeconds(60)).until(() -> child.hasPrinted("READY"));
			assertThat(child.pid()).isPositive().isNotEqualTo(ProcessHandle.current().pid());
			child.closeInput();
			assertThat(child.awaitExit()).isEqualTo(3);
			assertThat(child.lines()).containsExactly("READY", "input closed");
		}
	}

	private static ChildJvm start(String mode) {
		return ChildJvm.start(Child.class, List.of("-Xmx64m"), Redirect.INHERIT, mode);
	}

	/** What {@link ChildJvmTests} runs in a JVM of its own. */
	public static final class Child {

		private Child() {
		}

		public static void main(String[] args) throws IOException {
			if (args[0].equals("cut-off")) {
				System.out.print("traced a\ntraced b\nother c\nREADY\ntraced cut-off");
				System.out.flush();
				// blocks until killed: the parent never closes this child's input
				System.in.read();
			}
			else {
				System.out.println("READY");
				while (System.in.read() >= 0) {
					// nothing is sent
				}
				System.out.println("input closed");
				System.exit(3);
			}
		}

	}

}
