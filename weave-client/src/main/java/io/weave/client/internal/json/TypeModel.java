package io.weave.client.internal.json;

import java.io.File;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Spliterator;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.BaseStream;

import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.introspect.AnnotatedMember;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.ser.BeanPropertyWriter;
import tools.jackson.databind.ser.PropertyWriter;
import tools.jackson.databind.ser.bean.BeanSerializerBase;
import tools.jackson.databind.ser.impl.UnknownSerializer;

/**
 * How the serializer treats the instances of one class, worked out once per class: the
 * common JDK types are recognised directly; for everything else Jackson's own introspection
 * decides, so that {@code @JsonIgnore}, {@code @JsonProperty}, visibility rules and records
 * behave as users expect from Jackson.
 */
final class TypeModel {

	enum Kind {

		STRING, CHAR_SEQUENCE, CHARACTER, BOOLEAN, INT, LONG, DOUBLE, FLOAT, BIG_DECIMAL, BIG_INTEGER, LONG_LIKE,
		OTHER_NUMBER, MAP, COLLECTION, ITERABLE, OBJECT_ARRAY, PRIMITIVE_ARRAY, BYTES, CHARS, OPTIONAL,
		OPTIONAL_PRIMITIVE, JSON_NODE, ENUM, TO_STRING, ZONED_DATE_TIME, CLASS, THROWABLE, UNCONSUMABLE, BEAN,
		JSON_VALUE, JACKSON, NO_PROPERTIES, INTROSPECTION_FAILED

	}

	private static final BeanPropertyWriter[] NO_PROPERTIES = {};

	final Kind kind;

	/** The properties of a {@link Kind#BEAN}, in Jackson's order. */
	final BeanPropertyWriter[] properties;

	/** The {@code @JsonValue} accessor of a {@link Kind#JSON_VALUE}. */
	final AnnotatedMember jsonValue;

	/** Whether the class overrides {@link Object#toString()}, for values without properties. */
	final boolean describesItself;

	private TypeModel(Kind kind, BeanPropertyWriter[] properties, AnnotatedMember jsonValue,
			boolean describesItself) {
		this.kind = kind;
		this.properties = properties;
		this.jsonValue = jsonValue;
		this.describesItself = describesItself;
	}

	private static TypeModel of(Kind kind) {
		return new TypeModel(kind, NO_PROPERTIES, null, false);
	}

	static TypeModel classify(Class<?> type, JsonMapper mapper) {
		Kind known = knownKind(type);
		return (known != null) ? of(known) : introspect(type, mapper);
	}

	private static Kind knownKind(Class<?> type) {
		if (type == String.class) {
			return Kind.STRING;
		}
		if (type == Integer.class || type == Short.class || type == Byte.class) {
			return Kind.INT;
		}
		if (type == Long.class) {
			return Kind.LONG;
		}
		if (type == Double.class) {
			return Kind.DOUBLE;
		}
		if (type == Float.class) {
			return Kind.FLOAT;
		}
		if (type == Boolean.class) {
			return Kind.BOOLEAN;
		}
		if (type == Character.class) {
			return Kind.CHARACTER;
		}
		if (type == byte[].class) {
			return Kind.BYTES;
		}
		if (type == char[].class) {
			return Kind.CHARS;
		}
		if (type.isArray()) {
			return type.getComponentType().isPrimitive() ? Kind.PRIMITIVE_ARRAY : Kind.OBJECT_ARRAY;
		}
		if (BigDecimal.class.isAssignableFrom(type)) {
			return Kind.BIG_DECIMAL;
		}
		if (BigInteger.class.isAssignableFrom(type)) {
			return Kind.BIG_INTEGER;
		}
		if (type == AtomicInteger.class || type == AtomicLong.class || type == LongAdder.class
				|| type == LongAccumulator.class) {
			return Kind.LONG_LIKE;
		}
		if (Number.class.isAssignableFrom(type)) {
			return Kind.OTHER_NUMBER;
		}
		if (JsonNode.class.isAssignableFrom(type)) {
			return Kind.JSON_NODE;
		}
		if (Map.class.isAssignableFrom(type)) {
			return Kind.MAP;
		}
		if (Collection.class.isAssignableFrom(type)) {
			return Kind.COLLECTION;
		}
		if (type == Optional.class) {
			return Kind.OPTIONAL;
		}
		if (type == OptionalInt.class || type == OptionalLong.class || type == OptionalDouble.class) {
			return Kind.OPTIONAL_PRIMITIVE;
		}
		if (Enum.class.isAssignableFrom(type)) {
			return Kind.ENUM;
		}
		if (type == ZonedDateTime.class) {
			return Kind.ZONED_DATE_TIME;
		}
		if (type.getPackageName().equals("java.time") || type == UUID.class || URI.class == type
				|| URL.class == type || Path.class.isAssignableFrom(type) || File.class.isAssignableFrom(type)) {
			return Kind.TO_STRING;
		}
		if (CharSequence.class.isAssignableFrom(type)) {
			return Kind.CHAR_SEQUENCE;
		}
		if (type == Class.class) {
			return Kind.CLASS;
		}
		if (Throwable.class.isAssignableFrom(type)) {
			return Kind.THROWABLE;
		}
		if (Iterator.class.isAssignableFrom(type) || BaseStream.class.isAssignableFrom(type)
				|| Spliterator.class.isAssignableFrom(type) || Future.class.isAssignableFrom(type)) {
			// Serializing would consume or block on them.
			return Kind.UNCONSUMABLE;
		}
		if (Iterable.class.isAssignableFrom(type)) {
			return Kind.ITERABLE;
		}
		return null;
	}

	private static TypeModel introspect(Class<?> type, JsonMapper mapper) {
		boolean describesItself = overridesToString(type);
		try {
			SerializationContext context = mapper._serializationContext();
			ValueSerializer<Object> serializer = context.findValueSerializer(type);
			if (serializer instanceof UnknownSerializer) {
				return new TypeModel(Kind.NO_PROPERTIES, NO_PROPERTIES, null, describesItself);
			}
			if (serializer instanceof BeanSerializerBase bean) {
				return beanModel(type, bean, describesItself);
			}
			AnnotatedMember jsonValue = jsonValueAccessor(type, context);
			if (jsonValue != null) {
				return new TypeModel(Kind.JSON_VALUE, NO_PROPERTIES, jsonValue, describesItself);
			}
			return of(Kind.JACKSON);
		}
		catch (RuntimeException | LinkageError ex) {
			return new TypeModel(Kind.INTROSPECTION_FAILED, NO_PROPERTIES, null, describesItself);
		}
	}

	private static TypeModel beanModel(Class<?> type, BeanSerializerBase bean, boolean describesItself) {
		if (isPlatformClass(type)) {
			// JDK internals are not data: their getters are often inaccessible or expensive.
			return new TypeModel(Kind.NO_PROPERTIES, NO_PROPERTIES, null, describesItself);
		}
		List<BeanPropertyWriter> properties = new ArrayList<>();
		for (Iterator<PropertyWriter> it = bean.properties(); it.hasNext();) {
			if (it.next() instanceof BeanPropertyWriter writer) {
				properties.add(writer);
			}
		}
		if (properties.isEmpty()) {
			return new TypeModel(Kind.NO_PROPERTIES, NO_PROPERTIES, null, describesItself);
		}
		return new TypeModel(Kind.BEAN, properties.toArray(NO_PROPERTIES), null, describesItself);
	}

	private static AnnotatedMember jsonValueAccessor(Class<?> type, SerializationContext context) {
		BeanDescription description = context.introspectBeanDescription(context.constructType(type));
		AnnotatedMember accessor = description.findJsonValueAccessor();
		if (accessor != null) {
			accessor.fixAccess(true);
		}
		return accessor;
	}

	private static boolean isPlatformClass(Class<?> type) {
		String name = type.getName();
		return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
				|| name.startsWith("sun.") || name.startsWith("com.sun.");
	}

	private static boolean overridesToString(Class<?> type) {
		try {
			return type.getMethod("toString").getDeclaringClass() != Object.class;
		}
		catch (NoSuchMethodException | SecurityException ex) {
			return false;
		}
	}

}
