package io.weave.client.internal.json;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.CharBuffer;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.POJONode;
import tools.jackson.databind.node.StringNode;
import tools.jackson.databind.ser.BeanPropertyWriter;

/**
 * Turns the arguments and results of traced calls into JSON trees for the trace server. It
 * never throws: whatever cannot be serialized becomes a descriptive string in its place.
 * <p>
 * Containers (maps, collections, arrays, {@link Optional}, JSON trees) and bean properties are
 * walked here rather than handed to Jackson, so that cycles are found through an identity
 * check against the current path (no deep recursion to overflow, no exception to unwind),
 * depth, size and node limits apply everywhere, and redaction sees every key. Jackson still
 * decides which properties a bean or record has (its annotations are honoured) and serializes
 * the leaf types it knows best (dates, locales, custom serializers).
 * <p>
 * Conventions: {@code byte[]} becomes {@code {"_type":"bytes","size":N,"base64":"…"}} (with
 * {@code "truncated":true} when only a prefix fits {@link Limits#maxStringChars()}); enums
 * their name; {@code java.time} values ISO-8601 strings; {@link Throwable}s
 * {@code {"type":…,"message":…}}; map keys their string form.
 * <p>
 * Thread-safe; build one and share it.
 */
public final class ValueSerializer {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final StringNode REDACTED = NODES.stringNode(Redactor.REDACTED);

	/** Upper bound of the JSON size of a number, a literal or a container's punctuation. */
	private static final int SCALAR_BOUND = 32;

	private final Limits limits;

	private final Redactor redactor;

	private final JsonMapper mapper;

	private final SizeCap sizeCap;

	private final ClassValue<TypeModel> types = new ClassValue<>() {

		@Override
		protected TypeModel computeValue(Class<?> type) {
			return TypeModel.classify(type, ValueSerializer.this.mapper);
		}

	};

	public ValueSerializer() {
		this(Limits.defaults(), Redactor.defaults());
	}

	public ValueSerializer(Limits limits, Redactor redactor) {
		this.limits = limits;
		this.redactor = redactor;
		this.mapper = JsonMapper.builder()
			.disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
			.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
			.build();
		this.sizeCap = new SizeCap(this.mapper, limits.maxValueBytes(), limits.previewChars());
	}

	/**
	 * The inputs object of a call: one property per named argument, in the map's order,
	 * capped as a whole to {@link Limits#maxValueBytes()} by replacing the largest arguments.
	 */
	public ObjectNode inputs(Map<String, ?> namedArgs) {
		if (namedArgs == null || namedArgs.isEmpty()) {
			return NODES.objectNode();
		}
		Walk walk = new Walk();
		ObjectNode inputs;
		try {
			walk.enter(namedArgs);
			inputs = map(namedArgs, walk);
		}
		catch (RuntimeException | StackOverflowError ex) {
			inputs = NODES.objectNode();
			inputs.put(Markers.TRUNCATED_KEY, Markers.failed(namedArgs, ex));
		}
		return (walk.bound > this.limits.maxValueBytes()) ? this.sizeCap.capFields(inputs) : inputs;
	}

	/** A call's output, or any other value, capped to {@link Limits#maxValueBytes()}. */
	public JsonNode value(Object value) {
		Walk walk = new Walk();
		JsonNode node;
		try {
			node = node(value, walk);
		}
		catch (StackOverflowError ex) {
			// Last resort only: every walk is bounded by maxDepth, so this needs an
			// already nearly exhausted stack.
			return NODES.stringNode(Markers.failed(value, ex));
		}
		return (walk.bound > this.limits.maxValueBytes()) ? this.sizeCap.cap(node) : node;
	}

	/**
	 * Replaces a value whose JSON exceeds {@link Limits#maxValueBytes()} by a
	 * {@code {"_weave_truncated":true,"original_bytes":N,"preview":"…"}} marker.
	 */
	public JsonNode capValue(JsonNode value) {
		return this.sizeCap.cap(value);
	}

	/**
	 * Brings an inputs object within {@link Limits#maxValueBytes()}, replacing its largest
	 * properties by truncation markers first and the whole object only if that is not enough.
	 */
	public ObjectNode capInputs(ObjectNode inputs) {
		return this.sizeCap.capFields(inputs);
	}

	public Limits limits() {
		return this.limits;
	}

	public Redactor redactor() {
		return this.redactor;
	}

	private JsonNode node(Object value, Walk walk) {
		walk.nodes++;
		if (value == null) {
			walk.bound += SCALAR_BOUND;
			return NullNode.getInstance();
		}
		if (value instanceof String string) {
			return text(string, walk);
		}
		TypeModel type = this.types.get(value.getClass());
		try {
			return leafOrContainer(value, type, walk);
		}
		catch (Exception | LinkageError ex) {
			return text(Markers.failed(value, ex), walk);
		}
	}

	private JsonNode leafOrContainer(Object value, TypeModel type, Walk walk) {
		switch (type.kind) {
			case STRING:
				return text((String) value, walk);
			case CHAR_SEQUENCE:
				return text((CharSequence) value, walk);
			case CHARACTER:
			case TO_STRING:
				return text(value.toString(), walk);
			case ENUM:
				return text(((Enum<?>) value).name(), walk);
			case ZONED_DATE_TIME:
				return text(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format((ZonedDateTime) value), walk);
			case CLASS:
				return text(((Class<?>) value).getName(), walk);
			case BOOLEAN:
				walk.bound += SCALAR_BOUND;
				return BooleanNode.valueOf((Boolean) value);
			case INT:
			case LONG:
			case DOUBLE:
			case FLOAT:
			case BIG_DECIMAL:
			case BIG_INTEGER:
			case LONG_LIKE:
			case OTHER_NUMBER:
				return number((Number) value, type.kind, walk);
			case OPTIONAL_PRIMITIVE:
				return optionalPrimitive(value, walk);
			case BYTES:
				return bytes((byte[]) value, walk);
			case CHARS:
				return text(CharBuffer.wrap((char[]) value), walk);
			case THROWABLE:
				return throwable((Throwable) value, walk);
			case JSON_NODE:
				JsonNode json = (JsonNode) value;
				return json.isContainer() ? container(value, type, walk) : jsonScalar(json, walk);
			case JACKSON:
				return jackson(value, walk);
			case UNCONSUMABLE:
				return text(Markers.notConsumed(value), walk);
			case NO_PROPERTIES:
				return text(type.describesItself ? value.toString() : Markers.noProperties(value), walk);
			case INTROSPECTION_FAILED:
				return text(type.describesItself ? value.toString() : Markers.notIntrospectable(value), walk);
			default:
				return container(value, type, walk);
		}
	}

	private JsonNode container(Object value, TypeModel type, Walk walk) {
		if (walk.depth >= this.limits.maxDepth()) {
			return text(Markers.tooDeep(value, this.limits.maxDepth()), walk);
		}
		if (!walk.enter(value)) {
			return text(Markers.cyclic(value), walk);
		}
		try {
			walk.bound += SCALAR_BOUND;
			switch (type.kind) {
				case MAP:
					return map((Map<?, ?>) value, walk);
				case COLLECTION:
					return collection((Collection<?>) value, walk);
				case ITERABLE:
					return iterable((Iterable<?>) value, walk);
				case OBJECT_ARRAY:
					return objectArray((Object[]) value, walk);
				case PRIMITIVE_ARRAY:
					return primitiveArray(value, walk);
				case JSON_NODE:
					return jsonContainer((JsonNode) value, walk);
				case BEAN:
					return bean(value, type.properties, walk);
				case JSON_VALUE:
					return node(type.jsonValue.getValue(value), walk);
				case OPTIONAL:
					return node(((Optional<?>) value).orElse(null), walk);
				default:
					throw new IllegalStateException("Not a container: " + type.kind);
			}
		}
		finally {
			walk.exit();
		}
	}

	private ObjectNode map(Map<?, ?> map, Walk walk) {
		ObjectNode node = NODES.objectNode();
		int written = 0;
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			if (written == this.limits.maxItems() || walk.exhausted(this.limits)) {
				node.put(Markers.TRUNCATED_KEY, Markers.truncatedEntries(Math.max(1, map.size() - written)));
				break;
			}
			String key = key(entry.getKey());
			walk.bound += 6L * key.length() + 4;
			node.set(key, this.redactor.isRedacted(key) ? REDACTED : node(entry.getValue(), walk));
			written++;
		}
		return node;
	}

	private ArrayNode collection(Collection<?> collection, Walk walk) {
		int size = collection.size();
		ArrayNode node = NODES.arrayNode(Math.min(size, this.limits.maxItems() + 1));
		int written = 0;
		for (Object element : collection) {
			if (written == this.limits.maxItems() || walk.exhausted(this.limits)) {
				node.add(text(Markers.truncatedItems(Math.max(1, size - written)), walk));
				break;
			}
			node.add(element(element, walk));
			written++;
		}
		return node;
	}

	private ArrayNode iterable(Iterable<?> iterable, Walk walk) {
		ArrayNode node = NODES.arrayNode();
		int written = 0;
		for (Iterator<?> it = iterable.iterator(); it.hasNext();) {
			if (written == this.limits.maxItems() || walk.exhausted(this.limits)) {
				node.add(text(Markers.moreItems(), walk));
				break;
			}
			node.add(element(it.next(), walk));
			written++;
		}
		return node;
	}

	private ArrayNode objectArray(Object[] array, Walk walk) {
		ArrayNode node = NODES.arrayNode(Math.min(array.length, this.limits.maxItems() + 1));
		for (int i = 0; i < array.length; i++) {
			if (i == this.limits.maxItems() || walk.exhausted(this.limits)) {
				node.add(text(Markers.truncatedItems(array.length - i), walk));
				break;
			}
			node.add(element(array[i], walk));
		}
		return node;
	}

	private ArrayNode primitiveArray(Object array, Walk walk) {
		int length = Array.getLength(array);
		int kept = Math.min(length, this.limits.maxItems());
		ArrayNode node = NODES.arrayNode(kept + 1);
		for (int i = 0; i < kept; i++) {
			node.add(node(Array.get(array, i), walk));
		}
		if (kept < length) {
			node.add(text(Markers.truncatedItems(length - kept), walk));
		}
		return node;
	}

	private ObjectNode bean(Object bean, BeanPropertyWriter[] properties, Walk walk) {
		ObjectNode node = NODES.objectNode();
		for (BeanPropertyWriter property : properties) {
			String name = property.getName();
			walk.bound += 6L * name.length() + 4;
			if (this.redactor.isRedacted(name)) {
				// Not even read: a redacted getter may be expensive or have side effects.
				node.set(name, REDACTED);
				continue;
			}
			Object value;
			try {
				value = property.get(bean);
			}
			catch (Exception | LinkageError ex) {
				node.set(name, text(Markers.getterFailed(bean, name, ex), walk));
				continue;
			}
			if (value != null || !property.willSuppressNulls()) {
				node.set(name, node(value, walk));
			}
		}
		return node;
	}

	private JsonNode jsonContainer(JsonNode json, Walk walk) {
		if (json.isArray()) {
			ArrayNode node = NODES.arrayNode(Math.min(json.size(), this.limits.maxItems() + 1));
			int written = 0;
			for (JsonNode element : json) {
				if (written == this.limits.maxItems() || walk.exhausted(this.limits)) {
					node.add(text(Markers.truncatedItems(json.size() - written), walk));
					break;
				}
				node.add(element(element, walk));
				written++;
			}
			return node;
		}
		ObjectNode node = NODES.objectNode();
		int written = 0;
		for (Map.Entry<String, JsonNode> property : json.properties()) {
			if (written == this.limits.maxItems() || walk.exhausted(this.limits)) {
				node.put(Markers.TRUNCATED_KEY, Markers.truncatedEntries(json.size() - written));
				break;
			}
			String key = key(property.getKey());
			walk.bound += 6L * key.length() + 4;
			node.set(key, this.redactor.isRedacted(key) ? REDACTED : node(property.getValue(), walk));
			written++;
		}
		return node;
	}

	private JsonNode jsonScalar(JsonNode json, Walk walk) {
		if (json.isString()) {
			String string = json.stringValue();
			return (string.length() > this.limits.maxStringChars()) ? text(string, walk) : counted(json, walk);
		}
		if (json instanceof POJONode pojo) {
			return node(pojo.getPojo(), walk);
		}
		if (json.isMissingNode()) {
			walk.bound += SCALAR_BOUND;
			return NullNode.getInstance();
		}
		if (json.isBinary()) {
			return bytes(json.binaryValue(), walk);
		}
		walk.bound += (json.isBigDecimal() || json.isBigInteger()) ? json.asString().length() + 2 : SCALAR_BOUND;
		return json;
	}

	private JsonNode counted(JsonNode string, Walk walk) {
		walk.bound += 6L * string.stringValue().length() + 2;
		return string;
	}

	private JsonNode element(Object element, Walk walk) {
		walk.bound += 1;
		return node(element, walk);
	}

	private JsonNode number(Number number, TypeModel.Kind kind, Walk walk) {
		walk.bound += SCALAR_BOUND;
		switch (kind) {
			case INT:
				return NODES.numberNode(number.intValue());
			case LONG:
			case LONG_LIKE:
				return NODES.numberNode(number.longValue());
			case DOUBLE:
				return NODES.numberNode(number.doubleValue());
			case FLOAT:
				return NODES.numberNode(number.floatValue());
			case BIG_DECIMAL:
				BigDecimal decimal = (BigDecimal) number;
				walk.bound += decimal.precision();
				return NODES.numberNode(decimal);
			case BIG_INTEGER:
				BigInteger integer = (BigInteger) number;
				walk.bound += integer.bitLength() / 3;
				return NODES.numberNode(integer);
			default:
				return otherNumber(number, walk);
		}
	}

	private JsonNode otherNumber(Number number, Walk walk) {
		String text = number.toString();
		try {
			walk.bound += text.length();
			return NODES.numberNode(new BigDecimal(text));
		}
		catch (NumberFormatException ex) {
			return text(text, walk);
		}
	}

	private JsonNode optionalPrimitive(Object optional, Walk walk) {
		if (optional instanceof OptionalInt value) {
			return value.isPresent() ? number(value.getAsInt(), TypeModel.Kind.INT, walk) : node(null, walk);
		}
		if (optional instanceof OptionalLong value) {
			return value.isPresent() ? number(value.getAsLong(), TypeModel.Kind.LONG, walk) : node(null, walk);
		}
		OptionalDouble value = (OptionalDouble) optional;
		return value.isPresent() ? number(value.getAsDouble(), TypeModel.Kind.DOUBLE, walk) : node(null, walk);
	}

	private ObjectNode bytes(byte[] bytes, Walk walk) {
		int encodable = this.limits.maxStringChars() / 4 * 3;
		boolean truncated = bytes.length > encodable;
		byte[] kept = truncated ? Arrays.copyOf(bytes, encodable) : bytes;
		ObjectNode node = NODES.objectNode();
		node.put("_type", "bytes");
		node.put("size", bytes.length);
		node.set("base64", text(Base64.getEncoder().encodeToString(kept), walk));
		if (truncated) {
			node.put("truncated", true);
		}
		walk.bound += 64;
		return node;
	}

	private ObjectNode throwable(Throwable throwable, Walk walk) {
		ObjectNode node = NODES.objectNode();
		node.set("type", text(throwable.getClass().getName(), walk));
		String message = throwable.getMessage();
		if (message != null) {
			node.set("message", text(message, walk));
		}
		walk.bound += 32;
		return node;
	}

	private JsonNode jackson(Object value, Walk walk) {
		JsonNode tree;
		try {
			tree = this.mapper.valueToTree(value);
		}
		catch (RuntimeException | StackOverflowError ex) {
			// A custom serializer that recurses without end: the only place where the
			// stack can run out, since the walk above is bounded by maxDepth.
			return text(Markers.failed(value, ex), walk);
		}
		return node(tree, walk);
	}

	private String key(Object key) {
		if (key instanceof String string) {
			return truncate(string);
		}
		if (key == null) {
			return "null";
		}
		if (key instanceof Enum<?> constant) {
			return constant.name();
		}
		try {
			return truncate(String.valueOf(key));
		}
		catch (RuntimeException ex) {
			return Markers.failed(key, ex);
		}
	}

	private StringNode text(CharSequence text, Walk walk) {
		String string = truncate(text);
		walk.bound += 6L * string.length() + 2;
		return NODES.stringNode(string);
	}

	private String truncate(CharSequence text) {
		int length = text.length();
		int max = this.limits.maxStringChars();
		if (length <= max) {
			return text.toString();
		}
		int kept = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
		return text.subSequence(0, kept) + Markers.truncatedChars(length - kept);
	}

	/**
	 * State of one serialization: the containers on the path from the root (for cycle
	 * detection), the node count, and an upper bound of the JSON size that lets small values
	 * skip the exact size check.
	 */
	private static final class Walk {

		private Object[] path = new Object[8];

		private int depth;

		private int nodes;

		private long bound;

		boolean enter(Object container) {
			for (int i = 0; i < this.depth; i++) {
				if (this.path[i] == container) {
					return false;
				}
			}
			if (this.depth == this.path.length) {
				this.path = Arrays.copyOf(this.path, this.depth * 2);
			}
			this.path[this.depth++] = container;
			return true;
		}

		void exit() {
			this.path[--this.depth] = null;
		}

		boolean exhausted(Limits limits) {
			return this.nodes >= limits.maxNodes();
		}

	}

}
