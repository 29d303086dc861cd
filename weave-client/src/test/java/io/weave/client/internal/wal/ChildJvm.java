package io.weave.client.internal.wal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WalChild} running in its own JVM, with the test classpath. Its output is read on a
 * thread of its own: complete {@code K <key>} lines are collected, other lines counted down
 * as markers.
 */
final class ChildJvm implements AutoCloseable {

	private final Process process;

	private final Set<String> keys = ConcurrentHashMap.newKeySet();

	private final List<String> markers = new ArrayList<>();

	private final CountDownLatch ended = new CountDownLatch(1);

	private ChildJvm(Process process) {
		this.process = process;
		Thread reader = new Thread(this::readOutput, "child-output-" + process.pid());
		reader.setDaemon(true);
		reader.start();
	}

	static ChildJvm start(String... args) throws IOException {
		String java = ProcessHandle.current().info().command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp",
				System.getProperty("java.class.path"), WalChild.class.getName()));
		command.addAll(List.of(args));
		return new ChildJvm(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
	}

	/** Keys the child reported, from complete lines only. */
	Set<String> keys() {
		return this.keys;
	}

	synchronized boolean hasPrinted(String marker) {
		return this.markers.contains(marker);
	}

	/** Kills the child with SIGKILL and returns its exit code once its output is fully read. */
	int kill() throws InterruptedException {
		this.process.destroyForcibly();
		return awaitExit();
	}

	/** Closes the child's standard input, which tells a sender to stop. */
	void closeInput() throws IOException {
		this.process.getOutputStream().close();
	}

	int awaitExit() throws InterruptedException {
		if (!this.process.waitFor(30, TimeUnit.SECONDS) || !this.ended.await(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("Child " + this.process.pid() + " did not end");
		}
		return this.process.exitValue();
	}

	long pid() {
		return this.process.pid();
	}

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
					accept(line.toString());
					line.setLength(0);
				}
				else {
					line.append((char) c);
				}
			}
			// a last line without its newline was cut off by the kill: it does not count
		}
		catch (IOException ex) {
			// the child is gone
		}
		finally {
			this.ended.countDown();
		}
	}

	private void accept(String line) {
		if (line.startsWith("K ")) {
			this.keys.add(line.substring(2));
		}
		else {
			synchronized (this) {
				this.markers.add(line);
			}
		}
	}

}
