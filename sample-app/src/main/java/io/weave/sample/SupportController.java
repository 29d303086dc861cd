package io.weave.sample;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The assistant's REST API. {@code GET /api/demo} answers a sample ticket; add
 * {@code ?fail=true} to make the order lookup fail.
 */
@RestController
@RequestMapping("/api")
public class SupportController {

	static final Ticket DEMO_TICKET = new Ticket("T-1001", "Ada", "Where is my order? It should have shipped by now.",
			"O-4711");

	private final SupportAssistant assistant;

	public SupportController(SupportAssistant assistant) {
		this.assistant = assistant;
	}

	@GetMapping("/demo")
	public Answer demo(@RequestParam(defaultValue = "false") boolean fail) {
		return this.assistant.answer(DEMO_TICKET, fail);
	}

	@PostMapping("/tickets/{id}/answer")
	public Answer answer(@PathVariable String id, @RequestBody TicketRequest request,
			@RequestParam(defaultValue = "false") boolean fail) {
		return this.assistant.answer(new Ticket(id, request.customer(), request.question(), request.orderId()), fail);
	}

	/**
	 * A ticket as posted.
	 *
	 * @param customer who asks
	 * @param question what they ask
	 * @param orderId the order it is about, optional
	 */
	public record TicketRequest(String customer, String question, String orderId) {

	}

}
