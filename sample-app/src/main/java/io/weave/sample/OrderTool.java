package io.weave.sample;

import org.springframework.stereotype.Component;

import io.weave.spring.WeaveOp;

/**
 * Looks orders up in the order system: the flaky tool of the demo. With {@code outage} it
 * fails as a remote tool does; its call records the exception.
 */
@Component
public class OrderTool {

	@WeaveOp(name = "order-tool.lookup")
	public OrderStatus lookUp(String orderId, boolean outage) {
		if (outage) {
			throw new OrderSystemUnavailableException("Order system timed out looking up " + orderId);
		}
		return new OrderStatus(orderId, "shipped", "with ParcelCo, expected in 2 days");
	}

	/** The order system did not answer. */
	public static class OrderSystemUnavailableException extends RuntimeException {

		OrderSystemUnavailableException(String message) {
			super(message);
		}

	}

}
