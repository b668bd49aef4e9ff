package nl.tijdig.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * What one service binds: Spring Boot's own properties (from the metadata its jars ship),
 * the {@code @ConfigurationProperties} records of the libraries every service shares and
 * of the service's own packages, and the keys of its configuration file. An environment
 * variable of a manifest is useful only if it binds to one of these.
 */
final class ServiceProperties {

	/** A segment that is a map key: it takes the rest of the name. */
	private static final String ANY = "*";

	/** A segment that is a list index. */
	private static final String INDEX = "#";

	private static final List<List<String>> bootProperties = bootMetadata();

	private final String service;

	private final Map<String, String> settings;

	private final List<List<String>> properties = new ArrayList<>();

	ServiceProperties(String service, String... packages) {
		this.service = service;
		this.settings = configurationFile(service);
		this.properties.addAll(bootProperties);
		this.settings.keySet().forEach((key) -> this.properties.add(List.of(key.split("\\."))));
		List<String> scanned = new ArrayList<>(List.of("nl.tijdig.events", "nl.tijdig.outbox"));
		scanned.addAll(List.of(packages));
		scanned.forEach((root) -> configurationProperties(root, this.properties));
	}

	/** A setting of the service's own configuration file (e.g. {@code server.port}). */
	String setting(String key) {
		return this.settings.get(key);
	}

	/** Whether Spring binds the environment variable to a property of this service. */
	boolean binds(String variable) {
		return this.properties.stream().anyMatch((property) -> binds(variable, property));
	}

	/**
	 * Whether the environment variable binds to the property or, for a map or list,
	 * inside it.
	 */
	static boolean bindsTo(String variable, String property) {
		List<String> segments = new ArrayList<>(List.of(property.split("\\.")));
		segments.add(ANY);
		return matches(segments, 0, tokens(variable), 0)
				|| matches(List.of(property.split("\\.")), 0, tokens(variable), 0);
	}

	private static boolean binds(String variable, List<String> property) {
		return matches(property, 0, tokens(variable), 0);
	}

	private static String[] tokens(String variable) {
		return variable.toUpperCase(Locale.ROOT).split("_");
	}

	/**
	 * Boot's relaxed binding of the environment: {@code _} separates the segments, a
	 * segment's dashes are left out or written as {@code _}
	 * ({@code SPRING_KAFKA_BOOTSTRAP_SERVERS}).
	 */
	private static boolean matches(List<String> segments, int segment, String[] tokens, int token) {
		if (segment == segments.size()) {
			return token == tokens.length;
		}
		String expected = segments.get(segment);
		if (expected.equals(ANY)) {
			return token < tokens.length;
		}
		if (expected.equals(INDEX)) {
			return token < tokens.length && tokens[token].matches("\\d+")
					&& matches(segments, segment + 1, tokens, token + 1);
		}
		String canonical = expected.replace("-", "").toUpperCase(Locale.ROOT);
		StringBuilder joined = new StringBuilder();
		for (int end = token; end < tokens.length && joined.length() < canonical.length(); end++) {
			joined.append(tokens[end]);
			if (joined.toString().equals(canonical) && matches(segments, segment + 1, tokens, end + 1)) {
				return true;
			}
		}
		return false;
	}

	private static List<List<String>> bootMetadata() {
		List<List<String>> properties = new ArrayList<>();
		ObjectMapper json = new ObjectMapper();
		try {
			Enumeration<URL> files = ServiceProperties.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json");
			for (URL file : java.util.Collections.list(files)) {
				try (InputStream in = file.openStream()) {
					for (JsonNode property : json.readTree(in).path("properties")) {
						List<String> segments = new ArrayList<>(List.of(property.path("name").asText().split("\\.")));
						String type = property.path("type").asText();
						if (type.startsWith("java.util.Map")) {
							segments.add(ANY);
						}
						else if (type.startsWith("java.util.List")) {
							properties.add(List.copyOf(segments));
							segments.add(INDEX);
						}
						properties.add(List.copyOf(segments));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return properties;
	}

	private static Map<String, String> configurationFile(String service) {
		try (InputStream in = ServiceProperties.class.getResourceAsStream("/" + service + ".yml")) {
			if (in == null) {
				throw new AssertionError("No " + service + ".yml on the class path");
			}
			Map<String, String> flat = new LinkedHashMap<>();
			flatten("", Manifests.YAML.readTree(in), flat);
			return flat;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void flatten(String prefix, JsonNode node, Map<String, String> flat) {
		if (node.isObject()) {
			node.fields().forEachRemaining((field) -> flatten(prefix + field.getKey() + ".", field.getValue(), flat));
		}
		else {
			flat.put(prefix.substring(0, prefix.length() - 1), node.isArray() ? join(node) : node.asText());
		}
	}

	private static String join(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((value) -> values.add(value.asText()));
		return String.join(",", values);
	}

	private static void configurationProperties(String root, List<List<String>> properties) {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		scanner.findCandidateComponents(root).forEach((candidate) -> {
			try {
				Class<?> type = Class.forName(candidate.getBeanClassName());
				String prefix = type.getAnnotation(ConfigurationProperties.class).value();
				if (prefix.isEmpty()) {
					prefix = type.getAnnotation(ConfigurationProperties.class).prefix();
				}
				addComponents(new ArrayList<>(List.of(prefix.split("\\."))), type, properties, new HashSet<>());
			}
			catch (ClassNotFoundException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	private static void addComponents(List<String> prefix, Class<?> type, List<List<String>> properties,
			Set<Class<?>> seen) {
		if (!seen.add(type) || !type.isRecord()) {
			properties.add(List.copyOf(prefix));
			return;
		}
		for (RecordComponent component : type.getRecordComponents()) {
			List<String> name = new ArrayList<>(prefix);
			name.add(kebab(component.getName()));
			add(name, component.getType(), component.getGenericType(), properties, seen);
		}
		seen.remove(type);
	}

	private static void add(List<String> name, Class<?> type, Type generic, List<List<String>> properties,
			Set<Class<?>> seen) {
		if (Map.class.isAssignableFrom(type)) {
			name.add(ANY);
			properties.add(name);
		}
		else if (Collection.class.isAssignableFrom(type) || type.isArray()) {
			properties.add(List.copyOf(name));
			Type element = (generic instanceof ParameterizedType parameterized)
					? parameterized.getActualTypeArguments()[0] : type.getComponentType();
			name.add(INDEX);
			if (element instanceof Class<?> elementClass && elementClass.isRecord()) {
				addComponents(name, elementClass, properties, seen);
			}
			else {
				properties.add(name);
			}
		}
		else if (type.isRecord()) {
			addComponents(name, type, properties, seen);
		}
		else {
			properties.add(name);
		}
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

	@Override
	public String toString() {
		return this.service;
	}

}
