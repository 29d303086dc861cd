package io.weave.client.internal.wal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * Who writes a segment: the process id and the host, as its lock file records them
 * ({@code <pid> <host>}), so that a process adopting a dead writer's segments can say whose
 * calls it closes.
 *
 * @param pid the writer's process id
 * @param host the writer's host name, {@code null} when unknown
 */
record WriterIdentity(long pid, String host) {

	/** This process; the host is looked up once, when the first log opens, never on a traced call. */
	static WriterIdentity current() {
		return Current.IDENTITY;
	}

	/** The line a lock file holds. */
	String toLine() {
		return (this.host != null) ? this.pid + " " + this.host + "\n" : this.pid + "\n";
	}

	/** The writer named by a segment's lock file, or by its name alone when the lock file says nothing more. */
	static WriterIdentity of(SegmentFile segment) {
		String host = null;
		try {
			String[] parts = Files.readString(segment.lockPath(), StandardCharsets.UTF_8).trim().split(" ", 2);
			if (parts.length == 2 && parts[0].equals(Long.toString(segment.pid())) && !parts[1].isBlank()) {
				host = parts[1];
			}
		}
		catch (IOException | RuntimeException ex) {
			// an older lock file or none: the pid in the name is all there is
		}
		return new WriterIdentity(segment.pid(), host);
	}

	@Override
	public String toString() {
		return "pid " + this.pid + " on host " + ((this.host != null) ? this.host : "(unknown)");
	}

	private static final class Current {

		static final WriterIdentity IDENTITY = new WriterIdentity(ProcessHandle.current().pid(), hostName());

		private static String hostName() {
			try {
				String name = InetAddress.getLocalHost().getHostName();
				// one line, one field: the lock file is split at the first space
				return name.isBlank() ? null : name.replaceAll("\\s", "_");
			}
			catch (IOException | RuntimeException ex) {
				return null;
			}
		}

	}

}
