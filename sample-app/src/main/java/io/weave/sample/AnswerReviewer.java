package io.weave.sample;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import io.weave.spring.WeaveOp;

/** Checks a draft before it goes out; an evaluator model in a real assistant. */
@Component
public class AnswerReviewer {

	private static final int MAX_LENGTH = 600;

	@WeaveOp
	public Review review(Draft draft) {
		List<String> notes = new ArrayList<>();
		if (draft.sources().isEmpty()) {
			notes.add("no help-center article backs this reply");
		}
		if (draft.text().length() > MAX_LENGTH) {
			notes.add("longer than " + MAX_LENGTH + " characters");
		}
		if (draft.text().contains("could not check")) {
			notes.add("the order could not be checked; a human should follow up");
		}
		return new Review(notes.isEmpty(), notes);
	}

}
