package io.weave.client;

/**
 * A call made current on a thread; closing it restores what was current before.
 */
@FunctionalInterface
public interface Scope extends AutoCloseable {

	/** A scope that changes nothing. */
	Scope NOOP = () -> {
	};

	@Override
	void close();

}
