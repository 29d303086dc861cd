package io.weave.sample;

import java.util.List;

/**
 * The review of a draft.
 *
 * @param approved whether the draft can be sent as it is
 * @param notes what the reviewer found
 */
public record Review(boolean approved, List<String> notes) {

}
