package io.weave.sample;

import java.util.List;

/**
 * A drafted reply.
 *
 * @param text the reply
 * @param sources ids of the articles it relies on
 */
public record Draft(String text, List<String> sources) {

}
