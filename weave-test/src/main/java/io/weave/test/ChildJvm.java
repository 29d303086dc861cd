package io.weave.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A main class run in a JVM of its own on this JVM's class path, for tests of what survives
 * a process: several processes on one directory, or one killed with {@code SIGKILL}.
 * <p>
 * The child's standard output is read on a thread of its own as it comes. Only complete lines
 * count: a last line that a kill cut short before its newline is not one, so what the child
 * printed once something was done can be trusted to have been done. A child speaks in lines
 * of the form {@code <name> <value>} (see {@link #values(String)}) or in bare markers (see
 * {@link #hasPrinted(String)}).
 * <pre class="code">
 * try (ChildJvm child = ChildJvm.start(Writer.class, List.of("-Xmx256m"), Redirect.DISCARD, dir.toString())) {
 *     await().until(() -&gt; child.values("written").size() &gt;= 100);
 *     child.kill();
 *     ...
 * }
 * </pre>
 */
public final class ChildJvm implements AutoCloseable {

	/** How long a child may take to exit: generous, a loaded machine starts and stops JVMs slowly. */
	private static final Duration EXIT_TIMEOUT = Duration.ofMinutes(3);

	private final Process process;

	private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

	private final CountDownLatch outputEnded = new CountDownLatch(1);

	private ChildJvm(Process process) {
		this.process = process;
		Thread reader = new Thread(this::readOutput, "child-jvm-output-" + process.pid());
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Start {@code mainClass} in a new JVM.
	 * @param mainClass the class whose {@code main} the child runs
	 * @param jvmOptions options of the child JVM, such as {@code -Xmx256m}
	 * @param errors where the child's standard error goes
	 * @param args the arguments of {@code main}
	 * @return the running child
	 * @throws UncheckedIOException if the JVM cannot be started
	 */
	public static ChildJvm start(Class<?> mainClass, List<String> jvmOptions, Redirect errors, String... args) {
		List<String> command = new ArrayList<>();
		command.add(javaBinary());
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
		command.addAll(List.of(args));
		try {
			return new ChildJvm(new ProcessBuilder(command).redirectError(errors).start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + mainClass.getName(), ex);
		}
	}

	/**
	 * Return the complete lines the child printed so far.
	 * @return a snapshot of the lines, in order
	 */
	public List<String> lines() {
		synchronized (this.lines) {
			return List.copyOf(this.lines);
		}
	}

	/**
	 * Return the values of the lines {@code <name> <value>} the child printed so far.
	 * @param name the first word of the lines
	 * @return the rest of each such line, in order
	 */
	public List<String> values(String name) {
		String prefix = name + " ";
		return lines().stream()
			.filter((line) -> line.startsWith(prefix))
			.map((line) -> line.substring(prefix.length()))
			.toList();
	}

	/**
	 * Return the value of the first line {@code <name> <value>} the child printed.
	 * @param name the first word of the line
	 * @return the rest of the line, or {@code null} if the child printed no such line
	 */
	public String value(String name) {
		List<String> values = values(name);
		return values.isEmpty() ? null : values.get(0);
	}

	/**
	 * Return whether the child printed {@code line} as a line of its own.
	 * @param line the whole line
	 * @return whether it was printed
	 */
	public boolean hasPrinted(String line) {
		return lines().contains(line);
	}

	/**
	 * Return the process id of the child.
	 * @return the pid
	 */
	public long pid() {
		return this.process.pid();
	}

	/**
	 * Close the child's standard input, as a signal to a child that reads it.
	 * @throws IOException if the stream cannot be closed
	 */
	public void closeInput() throws IOException {
		this.process.getOutputStream().close();
	}

	/**
	 * Kill the child with {@code SIGKILL}: no shutdown hook, no flush, no {@code finally} block
	 * runs in it. Returns once it is gone and its output is read.
	 * @return its exit code, {@code 137} on Linux
	 * @throws InterruptedException if interrupted while waiting
	 */
	public int kill() throws InterruptedException {
		this.process.destroyForcibly();
		return awaitExit();
	}

	/**
	 * Wait until the child exits and its output is read. A child that takes more than three
	 * minutes is killed.
	 * @return its exit code
	 * @throws InterruptedException if interrupted while waiting
	 * @throws IllegalStateException if the child did not end in time
	 */
	public int awaitExit() throws InterruptedException {
		long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
		if (!this.process.waitFor(EXIT_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)
				|| !this.outputEnded.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
			this.process.destroyForcibly();
			throw new IllegalStateException("Child JVM " + pid() + " did not end within " + EXIT_TIMEOUT
					+ "; output: " + lines());
		}
		return this.process.exitValue();
	}

	/**
	 * Kill the child if it still runs.
	 */
	@Override
	public void close() {
		this.process.destroyForcibly();
	}

	private void readOutput() {
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			StringBuilder line = new StringBuilder();
			for (int c = out.read(); c >= 0; c = out.read()) {
				if (c == '\n') {
					this.lines.add(line.toString());
					line.setLength(0);
				}
				else {
					line.append((char) c);
				}
			}
		}
		catch (IOException ex) {
			// the child is gone
		}
		finally {
			this.outputEnded.countDown();
		}
	}

	private static String javaBinary() {
		return ProcessHandle.current()
			.info()
			.command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}

}
