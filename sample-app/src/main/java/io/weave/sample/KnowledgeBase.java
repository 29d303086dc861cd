package io.weave.sample;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

import io.weave.spring.WeaveOp;

/**
 * Finds help-center articles; runs on Spring's task executor, in parallel with the order
 * lookup, and its call still belongs to the ticket's trace.
 */
@Component
public class KnowledgeBase {

	private static final List<Article> ARTICLES = List.of(
			new Article("kb-101", Category.SHIPPING, "Tracking your parcel",
					"Every order has a tracking link in its confirmation email."),
			new Article("kb-102", Category.SHIPPING, "Delivery times", "Standard delivery takes 2 to 4 working days."),
			new Article("kb-201", Category.RETURNS, "Returning an item",
					"Items can be returned within 30 days; refunds take 5 working days."),
			new Article("kb-301", Category.BILLING, "Understanding your invoice",
					"Invoices are sent when an order ships."),
			new Article("kb-401", Category.GENERAL, "Contacting us", "Our team answers within one working day."));

	@Async
	@WeaveOp(name = "knowledge-base.search")
	public CompletableFuture<List<Article>> search(Category category, String question) {
		List<Article> found = ARTICLES.stream().filter((article) -> article.category() == category).toList();
		return CompletableFuture.completedFuture(found);
	}

}
