package io.weave.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated configuration metadata describes every {@code weave.*} property, and the
 * README's configuration table lists each of them.
 */
class ConfigurationMetadataTests {

	@Test
	void everyPropertyHasADescriptionAndIsInTheReadme() throws IOException {
		List<JsonNode> properties = weaveProperties();
		assertThat(properties).hasSizeGreaterThan(25);
		String readme = Files.readString(Path.of("../README.md"));
		assertThat(properties).allSatisfy((property) -> {
			String name = property.get("name").asString();
			assertThat(property.path("description").asString()).as(name).isNotBlank();
			assertThat(readme).as(name).contains("`" + name + "`");
		});
	}

	@Test
	void defaultsAreDeclared() throws IOException {
		assertThat(weaveProperties()).filteredOn((property) -> property.get("name").asString().startsWith("weave.wal."))
			.filteredOn((property) -> !property.get("name").asString().equals("weave.wal.max-age"))
			.allSatisfy((property) -> assertThat(property.has("defaultValue")).as(property.get("name").asString())
				.isTrue());
	}

	private List<JsonNode> weaveProperties() throws IOException {
		try (InputStream metadata = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(metadata).isNotNull();
			JsonNode root = JsonMapper.builder().build().readTree(metadata);
			return root.get("properties")
				.valueStream()
				.filter((property) -> property.get("name").asString().startsWith("weave."))
				.toList();
		}
	}

}
