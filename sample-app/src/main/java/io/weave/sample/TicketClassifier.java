package io.weave.sample;

import java.util.Locale;

import org.springframework.stereotype.Component;

import io.weave.spring.WeaveOp;

/** Decides what a ticket is about; a model call in a real assistant. */
@Component
public class TicketClassifier {

	@WeaveOp
	public Category classify(String question) {
		String text = question.toLowerCase(Locale.ROOT);
		if (text.contains("refund") || text.contains("return")) {
			return Category.RETURNS;
		}
		if (text.contains("where is") || text.contains("deliver") || text.contains("ship")) {
			return Category.SHIPPING;
		}
		if (text.contains("charge") || text.contains("invoice") || text.contains("pay")) {
			return Category.BILLING;
		}
		return Category.GENERAL;
	}

}
