package io.weave.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Who is sending: the {@code attributes.weave} block every call carries, built once. */
public final class ClientInfo {

	public static final String SOURCE = "java-sdk";

	public static final String VERSION = readVersion();

	private ClientInfo() {
	}

	/** A fresh {@code {"weave":{…}}} attributes object. */
	public static ObjectNode attributes() {
		ObjectNode weave = JsonNodeFactory.instance.objectNode();
		weave.put("client_version", VERSION);
		weave.put("source", SOURCE);
		weave.put("sys_version", System.getProperty("java.version", "unknown"));
		weave.put("java_vendor", System.getProperty("java.vendor", "unknown"));
		weave.put("os_name", System.getProperty("os.name", "unknown"));
		weave.put("os_version", System.getProperty("os.version", "unknown"));
		weave.put("os_arch", System.getProperty("os.arch", "unknown"));
		ObjectNode attributes = JsonNodeFactory.instance.objectNode();
		attributes.set("weave", weave);
		return attributes;
	}

	/** The {@code User-Agent} of every HTTP request. */
	public static String userAgent() {
		return "weave-java/" + VERSION + " (Java " + System.getProperty("java.version", "?") + ")";
	}

	private static String readVersion() {
		try (InputStream in = ClientInfo.class.getResourceAsStream("/io/weave/client/version.properties")) {
			if (in != null) {
				Properties properties = new Properties();
				properties.load(in);
				return properties.getProperty("version", "unknown");
			}
		}
		catch (IOException ex) {
			// fall through
		}
		return "unknown";
	}

}
