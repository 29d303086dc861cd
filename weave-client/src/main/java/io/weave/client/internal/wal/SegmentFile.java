package io.weave.client.internal.wal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A segment's name and the paths of the files beside it. Names are
 * {@code <20-digit epoch nanos>-<pid>-<8 hex random>.wal}, so lexical order is creation order.
 * Beside {@code <stem>.wal} live {@code <stem>.lock} (its writer), {@code <stem>.send.lock}
 * (its sender) and {@code <stem>.ckpt} (its checkpoint).
 */
final class SegmentFile implements Comparable<SegmentFile> {

	static final String EXTENSION = ".wal";

	static final Pattern STEM = Pattern.compile("(\\d{20})-(\\d+)-[0-9a-f]{8}");

	private static final Pattern NAME = Pattern.compile(STEM.pattern() + Pattern.quote(EXTENSION));

	private static final AtomicLong LAST_NANOS = new AtomicLong();

	private final Path directory;

	private final String stem;

	private final long createdNanos;

	private SegmentFile(Path directory, String stem, long createdNanos) {
		this.directory = directory;
		this.stem = stem;
		this.createdNanos = createdNanos;
	}

	/** A new, unique name, later than every name this JVM made before. */
	static SegmentFile next(Path directory) {
		Instant now = Instant.now();
		long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
		long unique = LAST_NANOS.accumulateAndGet(nanos, (last, candidate) -> Math.max(last + 1, candidate));
		String stem = String.format(Locale.ROOT, "%020d-%d-%08x", unique, ProcessHandle.current().pid(),
				ThreadLocalRandom.current().nextInt());
		return new SegmentFile(directory, stem, unique);
	}

	/** The segment a file is, or {@code null} when its name is not a segment's. */
	static SegmentFile of(Path file) {
		Matcher matcher = NAME.matcher(file.getFileName().toString());
		if (!matcher.matches()) {
			return null;
		}
		String name = file.getFileName().toString();
		return new SegmentFile(file.getParent(), name.substring(0, name.length() - EXTENSION.length()),
				Long.parseLong(matcher.group(1)));
	}

	String name() {
		return this.stem + EXTENSION;
	}

	Path path() {
		return this.directory.resolve(name());
	}

	Path directory() {
		return this.directory;
	}

	Path lockPath() {
		return this.directory.resolve(this.stem + ".lock");
	}

	Path sendLockPath() {
		return this.directory.resolve(this.stem + ".send.lock");
	}

	Path checkpointPath() {
		return this.directory.resolve(this.stem + ".ckpt");
	}

	Path checkpointTempPath() {
		return this.directory.resolve(this.stem + ".ckpt.tmp");
	}

	Instant createdAt() {
		return Instant.ofEpochSecond(0, this.createdNanos);
	}

	@Override
	public int compareTo(SegmentFile other) {
		return name().compareTo(other.name());
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof SegmentFile segment) && this.stem.equals(segment.stem)
				&& this.directory.equals(segment.directory);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.directory, this.stem);
	}

	@Override
	public String toString() {
		return name();
	}

}
