package io.weave.spring.boot.autoconfigure.metrics;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.weave.client.WeaveBacklog;

/**
 * A backlog taken at most once a second and shared by every gauge: taking one lists and reads
 * the write-ahead log's directory, which a scrape would otherwise do once per gauge.
 */
final class RecentBacklog implements Supplier<WeaveBacklog> {

	private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final Supplier<WeaveBacklog> source;

	private final LongSupplier nanoTime;

	private WeaveBacklog backlog;

	private long takenAt;

	RecentBacklog(Supplier<WeaveBacklog> source, LongSupplier nanoTime) {
		this.source = source;
		this.nanoTime = nanoTime;
	}

	@Override
	public synchronized WeaveBacklog get() {
		long now = this.nanoTime.getAsLong();
		if (this.backlog == null || now - this.takenAt >= MAX_AGE_NANOS) {
			this.backlog = this.source.get();
			this.takenAt = now;
		}
		return this.backlog;
	}

}
