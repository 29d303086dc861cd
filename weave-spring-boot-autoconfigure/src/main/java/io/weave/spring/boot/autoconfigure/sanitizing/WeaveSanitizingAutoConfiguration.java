package io.weave.spring.boot.autoconfigure.sanitizing;

import java.util.Locale;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of a {@link SanitizingFunction} that masks the Weave API key
 * ({@code weave.api-key}, and {@code WANDB_API_KEY} in the environment) in the
 * {@code configprops} and {@code env} endpoints, even with {@code show-values=always}.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class WeaveSanitizingAutoConfiguration {

	/**
	 * The keys, lower case and without separators: {@code weave.api-key} (or {@code weave.apiKey},
	 * {@code WEAVE_API_KEY}) and {@code WANDB_API_KEY}.
	 */
	private static final Set<String> API_KEYS = Set.of("weaveapikey", "wandbapikey");

	@Bean
	@ConditionalOnMissingBean(name = "weaveApiKeySanitizingFunction")
	SanitizingFunction weaveApiKeySanitizingFunction() {
		return SanitizingFunction.sanitizeValue().ifKeyMatches(WeaveSanitizingAutoConfiguration::isApiKey);
	}

	private static boolean isApiKey(String key) {
		return API_KEYS.contains(key.replaceAll("[-_.]", "").toLowerCase(Locale.ROOT));
	}

}
