package io.weave.client.example;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.weave.client.CallContext;
import io.weave.client.LlmUsage;
import io.weave.client.Scope;
import io.weave.client.WeaveClient;

// README:begin
public class ChatTurns {

	public static void main(String[] args) {
		try (WeaveClient weave = WeaveClient.fromEnvironment();
				Scope attributes = CallContext.attributes(Map.of("env", "prod", "customer", "acme"));
				Scope thread = CallContext.thread("ticket-42")) {
			for (String question : List.of("Where is my order?", "Can I change the address?")) {
				// each outermost call in the thread is one turn
				String answer = weave.newCall("answer").displayName("Answer: " + question)
					.input("question", question)
					.call(() -> weave.call("chat", Map.of("model", "gpt-4o-mini", "messages",
							List.of(Map.of("role", "user", "content", question))), () -> {
								// record what the model reported; the turn's root gets the totals
								CallContext.current().usage("gpt-4o-mini", LlmUsage.of(812, 64));
								return "It shipped on Monday.";
							}));
				System.out.println(answer);
			}
			System.out.println(weave.flush(Duration.ofSeconds(10)));
		}
	}

}
// README:end
