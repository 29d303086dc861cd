package io.weave.spring.boot.autoconfigure.web;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.weave.spring.WeaveOp;

/** A small support application whose service is traced with {@code @WeaveOp}. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableAsync
public class SupportApplication {

	@Bean
	Classifier classifier() {
		return new Classifier();
	}

	@Bean
	KnowledgeBase knowledgeBase() {
		return new KnowledgeBase();
	}

	@Bean
	SupportService supportService(Classifier classifier, KnowledgeBase knowledgeBase) {
		return new SupportService(classifier, knowledgeBase);
	}

	@Bean
	Gate gate() {
		return new Gate();
	}

	public record Answer(String ticket, String category, String text) {
	}

	// Registered as a member class of the configuration.
	@RestController
	public static class TicketController {

		private final SupportService service;

		private final Gate gate;

		TicketController(SupportService service, Gate gate) {
			this.service = service;
			this.gate = gate;
		}

		@GetMapping("/tickets/{id}/answer")
		public Answer answer(@PathVariable String id, @RequestParam String question) {
			return this.service.answer(id, question);
		}

		@GetMapping("/tickets/{id}/slow-answer")
		public Answer slowAnswer(@PathVariable String id) throws InterruptedException {
			return this.service.slowAnswer(id, this.gate);
		}

	}

	public static class SupportService {

		private final Classifier classifier;

		private final KnowledgeBase knowledgeBase;

		SupportService(Classifier classifier, KnowledgeBase knowledgeBase) {
			this.classifier = classifier;
			this.knowledgeBase = knowledgeBase;
		}

		@WeaveOp
		public Answer answer(String ticket, String question) {
			String category = this.classifier.classify(question);
			List<String> documents = this.knowledgeBase.search(category).join();
			return new Answer(ticket, category, "See " + String.join(", ", documents));
		}

		@WeaveOp
		public Answer slowAnswer(String ticket, Gate gate) throws InterruptedException {
			gate.pass();
			return new Answer(ticket, this.classifier.classify("slow"), "done");
		}

	}

	public static class Classifier {

		@WeaveOp
		public String classify(String question) {
			return question.contains("refund") ? "billing" : "general";
		}

	}

	public static class KnowledgeBase {

		@Async
		@WeaveOp(name = "knowledge-search")
		public CompletableFuture<List<String>> search(String category) {
			return CompletableFuture.completedFuture(List.of(category + "-faq", category + "-policy"));
		}

	}

	/** Holds requests until released, counting those waiting. */
	public static class Gate {

		private final CountDownLatch released = new CountDownLatch(1);

		private final AtomicInteger waiting = new AtomicInteger();

		void pass() throws InterruptedException {
			this.waiting.incrementAndGet();
			if (!this.released.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Gate was not released within " + Duration.ofSeconds(30));
			}
		}

		public int waiting() {
			return this.waiting.get();
		}

		public void release() {
			this.released.countDown();
		}

	}

}
