package io.weave.spring.boot.autoconfigure;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

import io.weave.client.WeaveClientBuilder;
import io.weave.client.WeaveConfigurationException;
import io.weave.client.WeaveEnvironment;
import io.weave.client.internal.json.Redactor;

/**
 * Applies {@link WeaveProperties} to a {@link WeaveClientBuilder}, with Weave's environment
 * variables as fallbacks. Without an API key the write-ahead log is always on and the client
 * runs in wal-only mode (it logs one warning saying so): a missing key never stops the
 * application.
 */
final class WeaveClientBuilderConfigurer {

	private final WeaveProperties properties;

	private final WeaveEnvironment environment;

	WeaveClientBuilderConfigurer(WeaveProperties properties, WeaveEnvironment environment) {
		this.properties = properties;
		this.environment = environment;
	}

	/** Whether an API key is configured, as a property or in the environment. */
	private boolean hasApiKey() {
		return StringUtils.hasText(this.properties.getApiKey()) || this.environment.apiKey() != null;
	}

	void configure(WeaveClientBuilder builder) {
		WeaveProperties properties = this.properties;
		PropertyMapper map = PropertyMapper.get();
		builder.environment(this.environment);
		map.from(properties::getProject).whenHasText().to(builder::project);
		map.from(properties::getApiKey).whenHasText().to(builder::apiKey);
		map.from(properties::getBaseUrl).whenHasText().to(builder::baseUrl);
		map.from(properties::getMaxStringChars).to(builder::maxStringChars);
		map.from(properties::getMaxCollectionItems).to(builder::maxCollectionItems);
		map.from(properties::getMaxValueBytes).as((size) -> intBytes("max-value-bytes", size)).to(builder::maxValueBytes);
		map.from(properties::getBatchSize).to(builder::batchSize);
		map.from(properties::getBatchInterval).to(builder::batchInterval);
		map.from(properties::getQueueCapacity).to(builder::queueCapacity);
		map.from(properties::getMaxRetries).to(builder::maxRetries);
		builder.backoff(properties.getInitialBackoff(), properties.getMaxBackoff());
		map.from(properties::getConnectTimeout).to(builder::connectTimeout);
		map.from(properties::getRequestTimeout).to(builder::requestTimeout);
		map.from(properties::isCallsCompleteMode).to(builder::callsCompleteMode);
		map.from(properties.getShutdown()::getFlushTimeout).to(builder::closeTimeout);
		map.from(properties.getRedact()::getKeys).whenNot(List::isEmpty).as(this::redactKeys).to(builder::redactKeys);
		configureWal(builder, properties.getWal());
	}

	private Set<String> redactKeys(List<String> additional) {
		Set<String> keys = new LinkedHashSet<>(Redactor.DEFAULT_KEYS);
		additional.forEach(keys::add);
		return keys;
	}

	private void configureWal(WeaveClientBuilder builder, WeaveProperties.Wal wal) {
		PropertyMapper map = PropertyMapper.get();
		boolean walOnly = !hasApiKey();
		boolean enabled = walOnly || walEnabled(wal);
		builder.wal(enabled);
		builder.walSending(!walOnly && walSenderEnabled(wal));
		map.from(wal::getDir).to(builder::walDirectory);
		map.from(wal::getFsync).to(builder::walFsync);
		map.from(wal::getSegmentBytes).as(DataSize::toBytes).to(builder::walSegmentBytes);
		map.from(wal::getMaxBytes).as(DataSize::toBytes).to(builder::walMaxBytes);
		map.from(wal::getMaxAge).to(builder::walMaxAge);
		builder.walFullPolicy(wal.getFullPolicy(), wal.getBlockTimeout());
	}

	private boolean walEnabled(WeaveProperties.Wal wal) {
		if (wal.getEnabled() != null) {
			return wal.getEnabled();
		}
		return this.environment.get(WeaveEnvironment.ENABLE_WAL) == null
				|| this.environment.isTrue(WeaveEnvironment.ENABLE_WAL);
	}

	private boolean walSenderEnabled(WeaveProperties.Wal wal) {
		if (wal.getSenderEnabled() != null) {
			return wal.getSenderEnabled();
		}
		return !this.environment.isTrue(WeaveEnvironment.DISABLE_WAL_SENDER);
	}

	private static int intBytes(String property, DataSize size) {
		long bytes = size.toBytes();
		if (bytes > Integer.MAX_VALUE) {
			throw new WeaveConfigurationException(property,
					property + " must be at most " + Integer.MAX_VALUE + " bytes, was " + bytes);
		}
		return (int) bytes;
	}

}
