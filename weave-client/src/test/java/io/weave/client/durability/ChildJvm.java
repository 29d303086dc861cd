package io.weave.client.durability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A {@link TracingChild} in its own JVM, with its output lines collected as they come. */
final class ChildJvm {

	private final Process process;

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final Thread reader;

	private ChildJvm(Process process) {
		this.process = process;
		this.reader = new Thread(this::readLines, "child-output");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	static ChildJvm start(String... args) throws IOException {
		List<String> command = new java.util.ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-cp",
				System.getProperty("java.class.path"), TracingChild.class.getName()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.redirectError(ProcessBuilder.Redirect.DISCARD);
		return new ChildJvm(builder.start());
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

	/** Ids of calls the child reported as traced (their end appended and fsynced). */
	List<String> tracedIds() {
		return this.lines.stream().filter((l) -> l.startsWith("traced ")).map((l) -> l.substring(7)).toList();
	}

	List<String> lines() {
		return this.lines;
	}

	long pid() {
		return this.process.pid();
	}

	/** SIGKILL: no shutdown hook, no flush, no finally block runs. */
	void kill9() throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-9", Long.toString(this.process.pid())).start();
		kill.waitFor(10, TimeUnit.SECONDS);
		awaitExit();
	}

	int awaitExit() throws InterruptedException {
		if (!this.process.waitFor(90, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			throw new IllegalStateException("child JVM did not exit; output: " + this.lines);
		}
		this.reader.join(10_000);
		return this.process.exitValue();
	}

	private static String javaBinary() {
		return ProcessHandle.current().info().command().orElse("java");
	}

}
