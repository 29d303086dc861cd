package io.weave.client.internal.op;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.weave.client.internal.json.Digests;
import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.WireRequest;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ops of one project and whether this process has published them. Refs are computed
 * client-side from content digests, so a call can name its op before (or without) any server
 * round trip; the requests that publish an op are handed out exactly once per process.
 * <p>
 * Thread-safe. Resolving an op seen before is one map lookup and allocates nothing.
 */
public final class OpRegistry {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final JsonMapper JSON = JsonMapper.shared();

	private final String projectId;

	/** Keyed by the name as given, so that the fast path needs no sanitizing. */
	private final ConcurrentHashMap<String, Version[]> ops = new ConcurrentHashMap<>();

	/**
	 * @param projectId the project, {@code "<entity>/<project>"}
	 */
	public OpRegistry(String projectId) {
		if (projectId == null || projectId.indexOf('/') <= 0 || projectId.endsWith("/")) {
			throw new IllegalArgumentException("Project id must be '<entity>/<project>', got '" + projectId + "'");
		}
		this.projectId = projectId;
	}

	/**
	 * The ref of an op, and the first time this process sees the op (by name and signature),
	 * the requests that publish it; the caller must enqueue those before the first call that
	 * uses the ref.
	 * @param name the op's name; sanitized with {@link OpName#sanitize}
	 * @param signature a stable description of the op's code (see {@link OpSource#of}); a
	 * different signature under the same name is a new version of the op
	 * @return the ref and the publishing requests (empty if already published)
	 */
	public Resolution resolve(String name, String signature) {
		Version[] versions = this.ops.get(name);
		if (versions != null) {
			for (Version version : versions) {
				if (Objects.equals(version.signature, signature)) {
					return version.resolution;
				}
			}
		}
		return publishOnce(name, signature);
	}

	private Resolution publishOnce(String name, String signature) {
		Resolution fresh = publication(name, signature);
		Resolution known = new Resolution(fresh.ref(), List.of());
		boolean[] first = new boolean[1];
		this.ops.compute(name, (key, versions) -> {
			if (versions != null) {
				for (Version version : versions) {
					if (Objects.equals(version.signature, signature)) {
						return versions;
					}
				}
			}
			first[0] = true;
			Version version = new Version(signature, known);
			if (versions == null) {
				return new Version[] { version };
			}
			Version[] more = Arrays.copyOf(versions, versions.length + 1);
			more[versions.length] = version;
			return more;
		});
		return first[0] ? fresh : known;
	}

	private Resolution publication(String name, String signature) {
		String objectId = OpName.sanitize(name);
		byte[] source = OpSource.bytes(name, signature);
		ObjectNode val = opValue(Digests.fileDigest(source));
		String digest = Digests.objectDigest(val);
		String ref = "weave:///" + this.projectId + "/op/" + objectId + ":" + digest;
		return new Resolution(ref, List.of(fileCreate(objectId, source), objCreate(objectId, val, digest)));
	}

	/** The op object; keys in sorted order so that even an unsorted dump digests the same. */
	private static ObjectNode opValue(String fileDigest) {
		ObjectNode val = NODES.objectNode();
		val.put("_type", "CustomWeaveType");
		val.putObject("files").put(OpSource.FILE_NAME, fileDigest);
		val.put("load_op", "NO_LOAD_OP");
		val.putObject("weave_type").put("type", "Op");
		return val;
	}

	private WireRequest fileCreate(String objectId, byte[] source) {
		ObjectNode body = NODES.objectNode();
		body.put("project_id", this.projectId);
		body.put("name", OpSource.FILE_NAME);
		body.put("content", Base64.getEncoder().encodeToString(source));
		return WireRequest.compact(RequestType.FILE_CREATE, objectId, JSON.writeValueAsBytes(body));
	}

	private WireRequest objCreate(String objectId, ObjectNode val, String digest) {
		ObjectNode body = NODES.objectNode();
		ObjectNode obj = body.putObject("obj");
		obj.put("project_id", this.projectId);
		obj.put("object_id", objectId);
		obj.set("val", val);
		// The server checks it against its own digest: a mismatch is reported, not hidden.
		obj.put("expected_digest", digest);
		return WireRequest.compact(RequestType.OBJ_CREATE, objectId, JSON.writeValueAsBytes(body));
	}

	/**
	 * @param ref the op's ref, {@code weave:///<entity>/<project>/op/<name>:<digest>}
	 * @param publish the requests to enqueue, in order; empty once published
	 */
	public record Resolution(String ref, List<WireRequest> publish) {
	}

	private record Version(String signature, Resolution resolution) {
	}

}
