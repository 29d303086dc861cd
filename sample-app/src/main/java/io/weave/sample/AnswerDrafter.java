package io.weave.sample;

import java.util.List;

import org.springframework.stereotype.Component;

import io.weave.spring.WeaveOp;

/** Writes a reply from the articles and the order's status; a model call in a real assistant. */
@Component
public class AnswerDrafter {

	@WeaveOp
	public Draft draft(Ticket ticket, Category category, List<Article> articles, OrderStatus order) {
		StringBuilder text = new StringBuilder("Hi ").append(ticket.customer()).append(", thanks for reaching out. ");
		if (order != null) {
			text.append("Your order ").append(order.orderId()).append(" is ").append(order.status()).append(' ')
				.append(order.detail()).append(". ");
		}
		else if (ticket.orderId() != null) {
			text.append("We could not check order ").append(ticket.orderId()).append(" right now. ");
		}
		articles.forEach((article) -> text.append(article.summary()).append(' '));
		return new Draft(text.toString().trim(), articles.stream().map(Article::id).toList());
	}

}
