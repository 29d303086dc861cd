package io.weave.client.internal.json;

/**
 * Bounds on what {@link ValueSerializer} produces for one traced value, so that a huge or
 * deeply nested argument can never stall the hot path or block the upload queue. Every cut
 * leaves a visible marker in the trace.
 * <p>
 * The Python SDK has no such limits; the defaults are generous for real payloads (prompts,
 * documents, tool results) while keeping a single record well below the server's request cap.
 *
 * @param maxDepth containers nested deeper than this become a marker string (default 32)
 * @param maxStringChars characters kept of one string; the rest is replaced by
 * {@code …[truncated N chars]} (default 65,536)
 * @param maxItems elements kept of one collection, array or map; the rest is summarised by a
 * marker element or entry (default 1,000)
 * @param maxNodes JSON nodes produced for one value at most, so that shared sub-graphs cannot
 * multiply into an exponential tree (default 100,000)
 * @param maxValueBytes serialized UTF-8 size of one call's inputs or output at most; larger
 * values are replaced by a {@code _weave_truncated} marker object (default 1 MiB, at least
 * {@value #MIN_VALUE_BYTES})
 * @param previewChars characters of the original JSON kept in such a marker (default 1,000)
 */
public record Limits(int maxDepth, int maxStringChars, int maxItems, int maxNodes, int maxValueBytes,
		int previewChars) {

	/** Room for a truncation marker, which the size cap must always be able to fit. */
	public static final int MIN_VALUE_BYTES = 128;

	private static final Limits DEFAULTS = new Limits(32, 65_536, 1_000, 100_000, 1024 * 1024, 1_000);

	public Limits {
		requirePositive("maxDepth", maxDepth);
		requirePositive("maxStringChars", maxStringChars);
		requirePositive("maxItems", maxItems);
		requirePositive("maxNodes", maxNodes);
		if (maxValueBytes < MIN_VALUE_BYTES) {
			throw new IllegalArgumentException("maxValueBytes must be at least " + MIN_VALUE_BYTES);
		}
		if (previewChars < 0) {
			throw new IllegalArgumentException("previewChars must not be negative");
		}
	}

	public static Limits defaults() {
		return DEFAULTS;
	}

	public Limits withMaxDepth(int maxDepth) {
		return new Limits(maxDepth, this.maxStringChars, this.maxItems, this.maxNodes, this.maxValueBytes,
				this.previewChars);
	}

	public Limits withMaxStringChars(int maxStringChars) {
		return new Limits(this.maxDepth, maxStringChars, this.maxItems, this.maxNodes, this.maxValueBytes,
				this.previewChars);
	}

	public Limits withMaxItems(int maxItems) {
		return new Limits(this.maxDepth, this.maxStringChars, maxItems, this.maxNodes, this.maxValueBytes,
				this.previewChars);
	}

	public Limits withMaxNodes(int maxNodes) {
		return new Limits(this.maxDepth, this.maxStringChars, this.maxItems, maxNodes, this.maxValueBytes,
				this.previewChars);
	}

	public Limits withMaxValueBytes(int maxValueBytes) {
		return new Limits(this.maxDepth, this.maxStringChars, this.maxItems, this.maxNodes, maxValueBytes,
				this.previewChars);
	}

	public Limits withPreviewChars(int previewChars) {
		return new Limits(this.maxDepth, this.maxStringChars, this.maxItems, this.maxNodes, this.maxValueBytes,
				previewChars);
	}

	private static void requirePositive(String name, int value) {
		if (value <= 0) {
			throw new IllegalArgumentException(name + " must be positive");
		}
	}

}
