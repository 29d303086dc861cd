package io.weave.client;

import java.util.regex.Pattern;

/**
 * A Weave project, {@code entity/project}: the W&amp;B entity (user or team) and the project
 * name. Its string form is the {@code project_id} of every request.
 *
 * @param entity the W&amp;B entity
 * @param project the project name
 */
public record ProjectId(String entity, String project) {

	private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]*");

	public ProjectId {
		requireValidPart(entity, "entity", entity + "/" + project);
		requireValidPart(project, "project", entity + "/" + project);
	}

	/**
	 * Parses {@code entity/project}.
	 * @param value the project string
	 * @return the project id
	 * @throws WeaveConfigurationException if the value is missing or not of that form
	 */
	public static ProjectId parse(String value) {
		if (value == null || value.isBlank()) {
			throw invalid(value, "no Weave project is set");
		}
		String trimmed = value.trim();
		int slash = trimmed.indexOf('/');
		if (slash < 0 || slash != trimmed.lastIndexOf('/')) {
			throw invalid(trimmed, "'" + trimmed + "' is not of the form entity/project");
		}
		return new ProjectId(trimmed.substring(0, slash), trimmed.substring(slash + 1));
	}

	private static void requireValidPart(String part, String name, String whole) {
		if (part == null || !PART.matcher(part).matches()) {
			throw invalid(whole, "'" + whole + "' has an invalid " + name + " '" + part + "'");
		}
	}

	private static WeaveConfigurationException invalid(String value, String problem) {
		return new WeaveConfigurationException("project", "Invalid Weave project: " + problem
				+ ". Expected 'entity/project', e.g. 'my-team/support-bot' (the W&B entity, a slash, the project name; "
				+ "letters, digits, '-', '_' and '.').");
	}

	@Override
	public String toString() {
		return this.entity + "/" + this.project;
	}

}
