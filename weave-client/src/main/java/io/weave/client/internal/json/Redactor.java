package io.weave.client.internal.json;

import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides which keys have their values replaced by {@value #REDACTED} before anything leaves
 * the process. A key matches when it equals a configured key ignoring case (as
 * {@link String#equalsIgnoreCase}), at any depth: map keys, record components and bean
 * properties alike. The defaults are those of the Python SDK.
 * <p>
 * {@link #isRedacted} is called for every key the serializer writes, so it rejects most keys
 * by length alone and never allocates.
 */
public final class Redactor {

	public static final String REDACTED = "REDACTED";

	/** The keys the Python SDK redacts by default. */
	public static final List<String> DEFAULT_KEYS = List.of("api_key", "auth_headers", "authorization");

	private static final Redactor DEFAULT = new Redactor(DEFAULT_KEYS);

	private final Set<String> keys;

	private final String[] lookup;

	private final BitSet lengths = new BitSet();

	private Redactor(Collection<String> keys) {
		Set<String> normalized = new LinkedHashSet<>();
		for (String key : keys) {
			if (key != null && !key.isBlank()) {
				normalized.add(key.trim().toLowerCase(Locale.ROOT));
			}
		}
		this.keys = Collections.unmodifiableSet(normalized);
		this.lookup = normalized.toArray(new String[0]);
		for (String key : this.lookup) {
			this.lengths.set(key.length());
		}
	}

	/** The default keys only. */
	public static Redactor defaults() {
		return DEFAULT;
	}

	/** Exactly the given keys (blank entries are ignored); an empty collection redacts nothing. */
	public static Redactor of(Collection<String> keys) {
		return new Redactor(keys);
	}

	/** The default keys plus the given ones. */
	public static Redactor withDefaultsAnd(Collection<String> additionalKeys) {
		Set<String> all = new LinkedHashSet<>(DEFAULT_KEYS);
		all.addAll(additionalKeys);
		return new Redactor(all);
	}

	public boolean isRedacted(String key) {
		int length = key.length();
		if (!this.lengths.get(length)) {
			return false;
		}
		for (String candidate : this.lookup) {
			if (candidate.equalsIgnoreCase(key)) {
				return true;
			}
		}
		return false;
	}

	/** The configured keys, lower case. */
	public Set<String> keys() {
		return this.keys;
	}

	@Override
	public String toString() {
		return "Redactor" + this.keys;
	}

}
