package io.weave.client.example;

import java.time.Duration;
import java.util.Map;

import io.weave.client.FlushResult;
import io.weave.client.WeaveClient;

// README:begin
public class QuickStart {

	public static void main(String[] args) {
		// WEAVE_PROJECT=my-team/support-bot, WANDB_API_KEY=…, optionally WF_TRACE_SERVER_URL=…
		try (WeaveClient weave = WeaveClient.fromEnvironment()) {
			String answer = weave.call("answer", Map.of("question", "Where is my order?"), () -> {
				String context = weave.call("retrieve", Map.of("query", "order status"), () -> "shipped on Monday");
				return weave.call("generate", Map.of("context", context), () -> "It shipped on Monday.");
			});
			FlushResult result = weave.flush(Duration.ofSeconds(10));
			System.out.println(answer + " (" + result + ")");
		}
	}

}
// README:end
