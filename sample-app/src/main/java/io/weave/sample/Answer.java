package io.weave.sample;

import java.util.List;

/**
 * The assistant's answer to a ticket.
 *
 * @param ticketId the ticket
 * @param category what the ticket is about
 * @param text the reply
 * @param sources ids of the articles the reply relies on
 * @param approved whether the review approved the reply
 * @param reviewNotes what the review found
 * @param orderStatus the order's status, or {@code null} when it could not be looked up
 * @param traceId the Weave trace of this answer, to find it in the UI
 */
public record Answer(String ticketId, Category category, String text, List<String> sources, boolean approved,
		List<String> reviewNotes, String orderStatus, String traceId) {

}
