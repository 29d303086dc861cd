package io.weave.test;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One violation found in a request body, shaped like an item of FastAPI's
 * {@code HTTPValidationError.detail}.
 *
 * @param loc where the violation is, starting with {@code "body"}; elements are property
 * names ({@link String}) or array indexes ({@link Integer})
 * @param msg a human-readable message, e.g. {@code "Field required"}
 * @param type a machine-readable type, e.g. {@code "missing"}; types that only strict mode
 * reports start with {@code "strict_"}
 */
public record ValidationError(List<Object> loc, String msg, String type) {

	public ValidationError {
		loc = List.copyOf(loc);
	}

	/**
	 * Return the location as a dotted path, e.g. {@code body.batch.0.req.start.op_name}.
	 * @return the dotted location
	 */
	public String path() {
		return this.loc.stream().map(String::valueOf).collect(Collectors.joining("."));
	}

	@Override
	public String toString() {
		return path() + ": " + this.msg + " [" + this.type + "]";
	}

}
