package io.weave.client.internal.op;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.weave.client.internal.json.Digests;
import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.WireRequest;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ops of one project and whether this process has published them. Refs are computed
 * client-side from content digests, so a call can name its op before (or without) any server
 * round trip; the requests that publish an op are handed out once per process, and again
 * after they could not be enqueued, so that no op that calls refer to stays unpublished.
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
	 * The ref of an op, and while the op is not published yet, the requests that publish it;
	 * the caller must enqueue those before the first call that uses the ref, and report
	 * {@link #publishFailed} if any of them could not be enqueued. The requests are handed to
	 * one caller at a time: to the first that sees the op, and after a failure to the next.
	 * @param name the op's name; sanitized with {@link OpName#sanitize}
	 * @param signature a stable description of the op's code (see {@link OpSource#of}); a
	 * different signature under the same name is a new version of the op
	 * @return the ref and the publishing requests (empty if already published)
	 */
	public Resolution resolve(String name, String signature) {
		Version version = find(this.ops.get(name), signature);
		if (version == null) {
			version = register(name, signature);
		}
		return version.take();
	}

	/**
	 * Reports that the publishing requests {@link #resolve} handed out were not all enqueued
	 * (dropped by a full log or queue): the next call of the op publishes it again.
	 */
	public void publishFailed(String name, String signature) {
		Version version = find(this.ops.get(name), signature);
		if (version != null) {
			version.unpublished();
		}
	}

	private static Version find(Version[] versions, String signature) {
		if (versions != null) {
			for (Version version : versions) {
				if (Objects.equals(version.signature, signature)) {
					return version;
				}
			}
		}
		return null;
	}

	private Version register(String name, String signature) {
		Version fresh = new Version(signature, publication(name, signature));
		Version[] registered = this.ops.compute(name, (key, versions) -> {
			if (find(versions, signature) != null) {
				return versions;
			}
			if (versions == null) {
				return new Version[] { fresh };
			}
			Version[] more = Arrays.copyOf(versions, versions.length + 1);
			more[versions.length] = fresh;
			return more;
		});
		return find(registered, signature);
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

	/** One version of an op: its publication, handed out until it is known to be enqueued. */
	private static final class Version {

		private final String signature;

		private final Resolution publication;

		private final Resolution published;

		private final AtomicBoolean unpublished = new AtomicBoolean(true);

		Version(String signature, Resolution publication) {
			this.signature = signature;
			this.publication = publication;
			this.published = new Resolution(publication.ref(), List.of());
		}

		/** The publication for one caller while unpublished (a plain read once published), else the ref alone. */
		Resolution take() {
			return (this.unpublished.get() && this.unpublished.compareAndSet(true, false)) ? this.publication
					: this.published;
		}

		void unpublished() {
			this.unpublished.set(true);
		}

	}

}
