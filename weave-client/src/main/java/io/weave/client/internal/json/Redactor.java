package io.weave.client.internal.json;

import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Set;

/**
 * Decides which keys have their values replaced by {@value #REDACTED} before anything leaves
 * the process. A key matches a configured key when both are equal once lower-cased and
 * stripped of separators ({@code _}, {@code -}, {@code .}, spaces): {@code api_key},
 * {@code apiKey}, {@code API-KEY} and {@code Api Key} are one key. Matching applies at any depth:
 * map keys, record components, bean properties and parameter names alike.
 * <p>
 * {@link #isRedacted} is called for every key the serializer writes, so it rejects most keys
 * by length alone and never allocates.
 */
public final class Redactor {

	public static final String REDACTED = "REDACTED";

	/**
	 * The keys redacted by default: the Python SDK's ({@code api_key}, {@code auth_headers},
	 * {@code authorization}) and the usual names of credentials and session secrets.
	 */
	public static final List<String> DEFAULT_KEYS = List.of("api_key", "auth_headers", "authorization", "password",
			"passwd", "secret", "token", "cookie", "set-cookie", "x-api-key", "private_key", "client_secret");

	private static final Redactor DEFAULT = new Redactor(DEFAULT_KEYS);

	/** A key, maybe quoted, then {@code =} or {@code :}, then a quoted value or a word (after a scheme). */
	private static final Pattern KEY_VALUE = Pattern.compile("[\"']?([A-Za-z][\\w.\\-]*)[\"']?\\s*[=:]\\s*"
			+ "(\"(?:[^\"\\\\]|\\\\.)*\"?|'[^']*'?|(?:(?i:bearer|basic|token|digest)\\s+)?[^\\s,;&\"'}\\])]+)");

	private final Set<String> keys;

	private final String[] lookup;

	private final BitSet lengths = new BitSet();

	private final int shortest;

	private Redactor(Collection<String> keys) {
		Set<String> normalized = new LinkedHashSet<>();
		for (String key : keys) {
			if (key != null && !normalize(key).isEmpty()) {
				normalized.add(normalize(key));
			}
		}
		this.keys = Collections.unmodifiableSet(normalized);
		this.lookup = normalized.toArray(new String[0]);
		for (String key : this.lookup) {
			this.lengths.set(key.length());
		}
		this.shortest = this.lengths.isEmpty() ? Integer.MAX_VALUE : this.lengths.nextSetBit(0);
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

	/** A key's canonical form: lower case (in every locale alike), without separators. */
	public static String normalize(String key) {
		StringBuilder normalized = new StringBuilder(key.length());
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (!isSeparator(c)) {
				normalized.append(Character.toLowerCase(c));
			}
		}
		return normalized.toString();
	}

	public boolean isRedacted(String key) {
		if (key.length() < this.shortest) {
			return false;
		}
		int length = 0;
		for (int i = 0; i < key.length(); i++) {
			if (!isSeparator(key.charAt(i))) {
				length++;
			}
		}
		if (!this.lengths.get(length)) {
			return false;
		}
		for (String candidate : this.lookup) {
			if (matches(candidate, key)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Redacts the values of redacted keys in free text such as an exception's message:
	 * {@code key=value}, {@code key: value}, {@code "key": "value"} and the like, a value being
	 * quoted, or a word optionally preceded by an authorization scheme ({@code Bearer abc}).
	 * A pragmatic net under messages that quote configuration or requests, not a parser.
	 */
	public String redactText(String text) {
		if (this.lookup.length == 0 || text.indexOf('=') < 0 && text.indexOf(':') < 0) {
			return text;
		}
		Matcher matcher = KEY_VALUE.matcher(text);
		StringBuilder redacted = null;
		int copied = 0;
		int from = 0;
		while (from < text.length() && matcher.find(from)) {
			if (isRedacted(matcher.group(1))) {
				redacted = (redacted != null) ? redacted : new StringBuilder(text.length());
				redacted.append(text, copied, matcher.start(2)).append(REDACTED);
				copied = matcher.end(2);
				from = copied;
			}
			else {
				// the value may hold pairs of its own: "https://host?token=abc"
				from = matcher.end(1);
			}
		}
		if (redacted == null) {
			return text;
		}
		return redacted.append(text, copied, text.length()).toString();
	}

	/** The configured keys, normalized. */
	public Set<String> keys() {
		return this.keys;
	}

	@Override
	public String toString() {
		return "Redactor" + this.keys;
	}

	private static boolean matches(String normalized, String key) {
		int at = 0;
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (isSeparator(c)) {
				continue;
			}
			if (at == normalized.length() || normalized.charAt(at++) != Character.toLowerCase(c)) {
				return false;
			}
		}
		return at == normalized.length();
	}

	private static boolean isSeparator(char c) {
		return c == '_' || c == '-' || c == '.' || c == ' ';
	}

}
