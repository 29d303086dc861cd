package io.weave.client;

/**
 * What one or more requests to a language model used, recorded on a call with
 * {@link Call#usage(String, LlmUsage)}. It becomes an entry of the call's
 * {@code summary.usage}, keyed by the model, under the names the trace server prices:
 * {@code requests}, {@code prompt_tokens}, {@code completion_tokens}, {@code total_tokens},
 * {@code cache_read_input_tokens} and {@code cache_creation_input_tokens} (the last two only
 * when not zero). The server adds {@code prompt_tokens} to {@code input_tokens} when it prices
 * an entry, so only one name of each count is ever sent.
 * <p>
 * A negative count, which no provider reports, counts as zero.
 *
 * @param requests how many requests were made
 * @param promptTokens the tokens of the prompts (the input)
 * @param completionTokens the tokens of the completions (the output)
 * @param totalTokens all tokens, usually prompt plus completion tokens
 * @param cacheReadInputTokens the prompt tokens read from the provider's prompt cache
 * @param cacheCreationInputTokens the prompt tokens written to the provider's prompt cache
 */
public record LlmUsage(long requests, long promptTokens, long completionTokens, long totalTokens,
		long cacheReadInputTokens, long cacheCreationInputTokens) {

	public LlmUsage {
		requests = Math.max(0, requests);
		promptTokens = Math.max(0, promptTokens);
		completionTokens = Math.max(0, completionTokens);
		totalTokens = Math.max(0, totalTokens);
		cacheReadInputTokens = Math.max(0, cacheReadInputTokens);
		cacheCreationInputTokens = Math.max(0, cacheCreationInputTokens);
	}

	/**
	 * The usage of one request: its total is the sum of prompt and completion tokens.
	 * @param promptTokens the tokens of the prompt
	 * @param completionTokens the tokens of the completion
	 * @return the usage
	 */
	public static LlmUsage of(long promptTokens, long completionTokens) {
		return new LlmUsage(1, promptTokens, completionTokens, promptTokens + completionTokens, 0, 0);
	}

	/**
	 * This usage with prompt-cache counts.
	 * @param readInputTokens the prompt tokens read from the cache
	 * @param creationInputTokens the prompt tokens written to the cache
	 * @return a new usage
	 */
	public LlmUsage withCache(long readInputTokens, long creationInputTokens) {
		return new LlmUsage(this.requests, this.promptTokens, this.completionTokens, this.totalTokens, readInputTokens,
				creationInputTokens);
	}

	/**
	 * The sum of this usage and another, count by count.
	 * @param other the usage to add
	 * @return a new usage
	 */
	public LlmUsage plus(LlmUsage other) {
		return new LlmUsage(this.requests + other.requests, this.promptTokens + other.promptTokens,
				this.completionTokens + other.completionTokens, this.totalTokens + other.totalTokens,
				this.cacheReadInputTokens + other.cacheReadInputTokens,
				this.cacheCreationInputTokens + other.cacheCreationInputTokens);
	}

}
