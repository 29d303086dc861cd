package io.weave.client.internal.sender;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.weave.client.DeadLetterReplay;
import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.WireRequest;

import static org.assertj.core.api.Assertions.assertThat;

class HeldDeadLettersTests {

	private final RecentDeadLetters recent = new RecentDeadLetters();

	@Test
	void lettersBeyondTheBoundAreRefusedAndCountedAndTheOldOnesKept() {
		HeldDeadLetters letters = new HeldDeadLetters(100, this.recent);
		for (int i = 0; i < 5; i++) {
			letters.deadLetter(request("call-" + i, 30), "rejected");
		}
		assertThat(letters.size()).isEqualTo(3);
		assertThat(letters.refused()).isEqualTo(2);
		assertThat(this.recent.recent()).hasSize(5);
		List<String> replayed = new ArrayList<>();
		assertThat(letters.replay((request) -> replayed.add(request.key()))).isEqualTo(new DeadLetterReplay(3, 0, null));
		assertThat(replayed).containsExactly("call-0", "call-1", "call-2");
		assertThat(letters.size()).isZero();
	}

	@Test
	void aReplayStopsWhereTheQueueHasNoRoomAndKeepsTheRest() {
		HeldDeadLetters letters = new HeldDeadLetters(1000, this.recent);
		for (int i = 0; i < 4; i++) {
			letters.deadLetter(request("call-" + i, 10), "rejected");
		}
		List<String> replayed = new ArrayList<>();
		DeadLetterReplay replay = letters.replay((request) -> replayed.size() < 2 && replayed.add(request.key()));
		assertThat(replay.requeued()).isEqualTo(2);
		assertThat(replay.skipped()).isEqualTo(2);
		assertThat(replay.error()).contains("no room");
		replayed.clear();
		letters.replay((request) -> replayed.add(request.key()));
		assertThat(replayed).containsExactly("call-2", "call-3");
	}

	private static WireRequest request(String key, int size) {
		String body = "{\"start\":{\"id\":\"" + key + "\"}}";
		body = body + " ".repeat(Math.max(0, size - body.length()));
		return new WireRequest(RequestType.CALL_START, key, body.getBytes(StandardCharsets.UTF_8));
	}

}
