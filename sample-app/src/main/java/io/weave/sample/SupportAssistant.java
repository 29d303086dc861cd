package io.weave.sample;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

import io.weave.client.Call;
import io.weave.client.CallContext;
import io.weave.spring.WeaveOp;

/**
 * Answers a ticket in traced steps: classify, search the knowledge base (asynchronously)
 * while looking the order up, draft, review. Each step is a child call of the answer.
 */
@Service
public class SupportAssistant {

	private static final Logger logger = LoggerFactory.getLogger(SupportAssistant.class);

	private final TicketClassifier classifier;

	private final KnowledgeBase knowledgeBase;

	private final OrderTool orderTool;

	private final AnswerDrafter drafter;

	private final AnswerReviewer reviewer;

	public SupportAssistant(TicketClassifier classifier, KnowledgeBase knowledgeBase, OrderTool orderTool,
			AnswerDrafter drafter, AnswerReviewer reviewer) {
		this.classifier = classifier;
		this.knowledgeBase = knowledgeBase;
		this.orderTool = orderTool;
		this.drafter = drafter;
		this.reviewer = reviewer;
	}

	/**
	 * Answers {@code ticket}.
	 * @param ticket the ticket
	 * @param orderSystemOutage whether the order lookup fails, to show a failed step
	 * @return the answer
	 */
	@WeaveOp
	public Answer answer(Ticket ticket, boolean orderSystemOutage) {
		Call call = CallContext.current();
		Category category = this.classifier.classify(ticket.question());
		CompletableFuture<List<Article>> articles = this.knowledgeBase.search(category, ticket.question());
		OrderStatus order = lookUp(ticket, orderSystemOutage);
		Draft draft = this.drafter.draft(ticket, category, articles.join(), order);
		Review review = this.reviewer.review(draft);
		return new Answer(ticket.id(), category, draft.text(), draft.sources(), review.approved(), review.notes(),
				(order != null) ? order.status() : null, (call != null) ? call.traceId() : null);
	}

	private OrderStatus lookUp(Ticket ticket, boolean outage) {
		if (ticket.orderId() == null) {
			return null;
		}
		try {
			return this.orderTool.lookUp(ticket.orderId(), outage);
		}
		catch (OrderTool.OrderSystemUnavailableException ex) {
			logger.info("Answering ticket {} without its order: {}", ticket.id(), ex.getMessage());
			return null;
		}
	}

}
