package io.weave.benchmarks.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A {@link HarnessChild} in its own JVM, on this JVM's class path, its output lines collected as they come. */
final class ChildProcess {

	private final Process process;

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final Thread reader;

	private ChildProcess(Process process) {
		this.process = process;
		this.reader = new Thread(this::readLines, "harness-child-output");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	static ChildProcess start(Path directory, String baseUrl, String apiKey, String mode, int count, String fsync)
			throws IOException {
		String java = ProcessHandle.current().info().command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), HarnessChild.class.getName(), directory.toString(), baseUrl,
				apiKey, mode, Integer.toString(count), fsync));
		return new ChildProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start());
	}

	private void readLines() {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				this.lines.add(line);
			}
		}
		catch (IOException ex) {
			// the process is gone
		}
	}

	/** Ids of calls the child reported traced (the call returned, so its records were appended). */
	List<String> tracedIds() {
		return this.lines.stream().filter((line) -> line.startsWith("traced ")).map((line) -> line.substring(7)).toList();
	}

	/** The value of the child's {@code <name> <value>} line, or {@code null}. */
	String value(String name) {
		return this.lines.stream()
			.filter((line) -> line.startsWith(name + " "))
			.map((line) -> line.substring(name.length() + 1))
			.findFirst()
			.orElse(null);
	}

	/** SIGKILL: no shutdown hook, no flush, no finally block runs. */
	void kill9() throws InterruptedException {
		this.process.destroyForcibly();
		awaitExit();
	}

	int awaitExit() throws InterruptedException {
		if (!this.process.waitFor(180, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			throw new IllegalStateException("harness child did not exit; output: " + this.lines);
		}
		this.reader.join(10_000);
		return this.process.exitValue();
	}

}
