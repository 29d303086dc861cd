package io.weave.sample;

/**
 * What the order system knows about an order.
 *
 * @param orderId the order's id
 * @param status e.g. {@code shipped}
 * @param detail e.g. the carrier and the expected delivery
 */
public record OrderStatus(String orderId, String status, String detail) {

}
