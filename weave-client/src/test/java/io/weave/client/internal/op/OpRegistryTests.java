package io.weave.client.internal.op;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.weave.client.internal.json.Digests;
import io.weave.client.internal.op.OpRegistry.Resolution;
import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.WireRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OpRegistryTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final String SIGNATURE = "com.example.SupportService.answer(java.lang.String, int)";

	private final OpRegistry registry = new OpRegistry("acme/support");

	@Test
	void refIsComputedClientSide() {
		// Python: f = d(source); d(json.dumps({"_type": "CustomWeaveType", "weave_type": {"type": "Op"},
		// "files": {"obj.py": f}, "load_op": "NO_LOAD_OP"}, sort_keys=True).encode())
		assertThat(this.registry.resolve("answer", SIGNATURE).ref())
			.isEqualTo("weave:///acme/support/op/answer:W7BwFXAKvNMW8K28HCwdbNOIIWWkGT3ABhcPYW56JXc");
	}

	@Test
	void publishesOnceThenOnlyResolves() {
		Resolution first = this.registry.resolve("answer", SIGNATURE);
		assertThat(first.publish()).extracting(WireRequest::type)
			.containsExactly(RequestType.FILE_CREATE, RequestType.OBJ_CREATE);
		assertThat(first.publish()).extracting(WireRequest::key).containsOnly("answer");
		Resolution again = this.registry.resolve("answer", SIGNATURE);
		assertThat(again.ref()).isEqualTo(first.ref());
		assertThat(again.publish()).isEmpty();
		assertThat(this.registry.resolve("answer", SIGNATURE)).isSameAs(again);
	}

	@Test
	void publishesAgainAfterThePublishingWasNotEnqueued() {
		Resolution first = this.registry.resolve("answer", SIGNATURE);
		this.registry.publishFailed("answer", SIGNATURE);
		Resolution retry = this.registry.resolve("answer", SIGNATURE);
		assertThat(retry.publish()).isEqualTo(first.publish());
		assertThat(retry.ref()).isEqualTo(first.ref());
		assertThat(this.registry.resolve("answer", SIGNATURE).publish()).isEmpty();
	}

	@Test
	void fileCreateBodyCarriesTheSourceAndOnlyDeclaredKeys() {
		WireRequest file = this.registry.resolve("answer", SIGNATURE).publish().get(0);
		JsonNode body = JSON.readTree(file.body());
		assertThat(body.propertyNames()).containsExactly("project_id", "name", "content");
		assertThat(body.get("project_id").stringValue()).isEqualTo("acme/support");
		assertThat(body.get("name").stringValue()).isEqualTo("obj.py");
		// base64.b64encode(source)
		assertThat(body.get("content").stringValue()).isEqualTo(
				"IyBXZWF2ZSBvcCBpbXBsZW1lbnRlZCBpbiBKYXZhOiBhbnN3ZXIKIyBjb20uZXhhbXBsZS5TdXBwb3J0U2VydmljZS5hbnN3ZXIoamF2YS5sYW5nLlN0cmluZywgaW50KQo=");
	}

	@Test
	void objCreateBodyCarriesTheOpObjectAndOnlyDeclaredKeys() {
		Resolution resolution = this.registry.resolve("answer", SIGNATURE);
		JsonNode fileBody = JSON.readTree(resolution.publish().get(0).body());
		JsonNode body = JSON.readTree(resolution.publish().get(1).body());
		assertThat(body.propertyNames()).containsExactly("obj");
		JsonNode obj = body.get("obj");
		assertThat(obj.propertyNames()).containsExactly("project_id", "object_id", "val", "expected_digest");
		assertThat(obj.get("project_id").stringValue()).isEqualTo("acme/support");
		assertThat(obj.get("object_id").stringValue()).isEqualTo("answer");
		JsonNode val = obj.get("val");
		// In sorted order, so that a dump without sort_keys digests the same.
		assertThat(val.propertyNames()).containsExactly("_type", "files", "load_op", "weave_type");
		assertThat(val.get("_type").stringValue()).isEqualTo("CustomWeaveType");
		assertThat(val.get("weave_type").get("type").stringValue()).isEqualTo("Op");
		assertThat(val.get("load_op").stringValue()).isEqualTo("NO_LOAD_OP");
		byte[] source = Base64.getDecoder().decode(fileBody.get("content").stringValue());
		assertThat(val.get("files").get("obj.py").stringValue()).isEqualTo(Digests.fileDigest(source))
			.isEqualTo("IjpYKPIFqYJM6JkLprKf1TTIdxXJndQQY5DDXTfXc3E");
		String digest = Digests.objectDigest(val);
		assertThat(obj.get("expected_digest").stringValue()).isEqualTo(digest);
		assertThat(resolution.ref()).endsWith(":" + digest);
	}

	@Test
	void anotherSignatureIsAnotherVersion() {
		Resolution first = this.registry.resolve("answer", SIGNATURE);
		Resolution changed = this.registry.resolve("answer", SIGNATURE.replace("int", "long"));
		assertThat(changed.ref()).startsWith("weave:///acme/support/op/answer:").isNotEqualTo(first.ref());
		assertThat(changed.publish()).hasSize(2);
		assertThat(this.registry.resolve("answer", SIGNATURE).publish()).isEmpty();
		assertThat(this.registry.resolve("answer", null).publish()).hasSize(2);
		assertThat(this.registry.resolve("answer", null).publish()).isEmpty();
	}

	@Test
	void namesAreSanitized() {
		Resolution resolution = this.registry.resolve("SupportService#answer(String)", null);
		assertThat(resolution.ref()).startsWith("weave:///acme/support/op/SupportService-answer-String:");
		assertThat(resolution.publish()).extracting(WireRequest::key).containsOnly("SupportService-answer-String");
		assertThat(JSON.readTree(resolution.publish().get(1).body()).at("/obj/object_id").stringValue())
			.isEqualTo("SupportService-answer-String");
	}

	@Test
	void refsAreTheSameInEveryRegistry() {
		assertThat(new OpRegistry("acme/support").resolve("answer", SIGNATURE).ref())
			.isEqualTo(this.registry.resolve("answer", SIGNATURE).ref());
	}

	@Test
	void concurrentFirstResolutionsPublishExactlyOnce() throws Exception {
		int threads = 16;
		int ops = 50;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<List<Resolution>>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				futures.add(executor.submit(() -> {
					start.await();
					List<Resolution> resolutions = new ArrayList<>();
					for (int op = 0; op < ops; op++) {
						resolutions.add(this.registry.resolve("op" + op, "sig" + op));
					}
					return resolutions;
				}));
			}
			start.countDown();
			List<Resolution> all = new ArrayList<>();
			for (Future<List<Resolution>> future : futures) {
				all.addAll(future.get(30, TimeUnit.SECONDS));
			}
			for (int op = 0; op < ops; op++) {
				String prefix = "weave:///acme/support/op/op" + op + ":";
				List<Resolution> ofOp = all.stream().filter((resolution) -> resolution.ref().startsWith(prefix)).toList();
				assertThat(ofOp).hasSize(threads);
				assertThat(ofOp.stream().map(Resolution::ref).distinct()).hasSize(1);
				assertThat(ofOp.stream().filter((resolution) -> !resolution.publish().isEmpty())).hasSize(1);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void projectIdMustNameEntityAndProject() {
		for (String invalid : Set.of("", "project", "/project", "entity/")) {
			assertThatIllegalArgumentException().isThrownBy(() -> new OpRegistry(invalid));
		}
	}

}
