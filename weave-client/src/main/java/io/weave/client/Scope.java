package io.weave.client;

/**
 * A call or scoped values made current on a thread; closing it restores what was current
 * before. Close scopes in the reverse order they were opened, as try-with-resources does.
 */
@FunctionalInterface
public interface Scope extends AutoCloseable {

	/** A scope that changes nothing. */
	Scope NOOP = () -> {
	};

	@Override
	void close();

}
