package io.weave.client;

import java.time.Duration;

import io.weave.client.internal.json.Limits;
import io.weave.client.internal.json.Redactor;

/**
 * What the client itself needs from the builder; transport settings go to the sender. Holds
 * no secret, so it is safe to log.
 */
record WeaveClientSettings(ProjectId project, Limits limits, Redactor redactor, Duration closeTimeout,
		Duration progressInterval) {

}
