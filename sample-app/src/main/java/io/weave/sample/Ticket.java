package io.weave.sample;

/**
 * A customer's support ticket.
 *
 * @param id the ticket's id
 * @param customer who asks
 * @param question what they ask
 * @param orderId the order it is about, or {@code null}
 */
public record Ticket(String id, String customer, String question, String orderId) {

}
