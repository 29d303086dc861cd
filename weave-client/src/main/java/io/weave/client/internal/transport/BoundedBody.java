package io.weave.client.internal.transport;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body kept up to a limit, the rest never read: all the sender needs of a body is
 * an error message, and a server (or anything posing as one) answering gigabytes must not
 * exhaust the heap of the sender's thread.
 */
final class BoundedBody implements BodySubscriber<byte[]> {

	/** Enough for any error message and {@code error_code} the trace server sends. */
	static final int DEFAULT_LIMIT = 64 * 1024;

	private final int limit;

	private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

	private final CompletableFuture<byte[]> body = new CompletableFuture<>();

	private Flow.Subscription subscription;

	private BoundedBody(int limit) {
		this.limit = limit;
	}

	static BodyHandler<byte[]> handler(int limit) {
		return (info) -> new BoundedBody(limit);
	}

	@Override
	public CompletionStage<byte[]> getBody() {
		return this.body;
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		subscription.request(Long.MAX_VALUE);
	}

	@Override
	public void onNext(List<ByteBuffer> buffers) {
		for (ByteBuffer buffer : buffers) {
			int take = Math.min(buffer.remaining(), this.limit - this.kept.size());
			byte[] bytes = new byte[take];
			buffer.get(bytes);
			this.kept.writeBytes(bytes);
		}
		if (this.kept.size() >= this.limit && !this.body.isDone()) {
			// the rest is not read at all: the connection is closed instead of reused
			this.subscription.cancel();
			this.body.complete(this.kept.toByteArray());
		}
	}

	@Override
	public void onError(Throwable failure) {
		this.body.completeExceptionally(failure);
	}

	@Override
	public void onComplete() {
		this.body.complete(this.kept.toByteArray());
	}

}
