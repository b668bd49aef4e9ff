package nl.tijdig.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a custom resource against the OpenAPI schema of its CustomResourceDefinition as
 * the API server would: unknown fields (pruned silently by a server, so a misspelt field
 * is simply lost), wrong types, missing required fields and values outside an enum.
 */
final class CrdSchema {

	private final String group;

	private final String kind;

	private final Map<String, JsonNode> schemaByVersion;

	private CrdSchema(String group, String kind, Map<String, JsonNode> schemaByVersion) {
		this.group = group;
		this.kind = kind;
		this.schemaByVersion = schemaByVersion;
	}

	/** The CRDs copied from the operators' repositories into src/test/resources/crds. */
	static List<CrdSchema> load(String... resources) throws IOException {
		List<CrdSchema> schemas = new ArrayList<>();
		for (String resource : resources) {
			try (InputStream in = CrdSchema.class.getResourceAsStream("/crds/" + resource)) {
				JsonNode crd = Manifests.YAML.readTree(in);
				Map<String, JsonNode> versions = new java.util.HashMap<>();
				crd.at("/spec/versions")
					.forEach((version) -> versions.put(version.path("name").asText(),
							version.at("/schema/openAPIV3Schema")));
				schemas
					.add(new CrdSchema(crd.at("/spec/group").asText(), crd.at("/spec/names/kind").asText(), versions));
			}
		}
		return schemas;
	}

	boolean describes(JsonNode object) {
		String apiVersion = object.path("apiVersion").asText();
		return this.kind.equals(object.path("kind").asText()) && apiVersion.startsWith(this.group + "/");
	}

	/** What is wrong with the object, one line each; empty when nothing is. */
	List<String> problems(JsonNode object) {
		String version = object.path("apiVersion").asText().substring(this.group.length() + 1);
		JsonNode schema = this.schemaByVersion.get(version);
		List<String> problems = new ArrayList<>();
		if (schema == null) {
			problems.add(this.kind + " " + this.group + "/" + version + ": no such version (the CRD serves "
					+ this.schemaByVersion.keySet() + ")");
			return problems;
		}
		check(schema, object, this.kind + " " + object.at("/metadata/name").asText(), problems, true);
		return problems;
	}

	private void check(JsonNode schema, JsonNode value, String path, List<String> problems, boolean root) {
		if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
			if (!value.isInt() && !value.isTextual()) {
				problems.add(path + ": must be an integer or a string");
			}
			return;
		}
		String type = schema.path("type").asText();
		if (schema.has("enum") && value.isValueNode()) {
			boolean listed = false;
			for (JsonNode allowed : schema.path("enum")) {
				listed |= allowed.asText().equals(value.asText());
			}
			if (!listed) {
				problems.add(path + ": " + value + " is not one of " + schema.path("enum"));
			}
		}
		switch (type) {
			case "object" -> checkObject(schema, value, path, problems, root);
			case "array" -> {
				if (!value.isArray()) {
					problems.add(path + ": must be an array");
					return;
				}
				for (int i = 0; i < value.size(); i++) {
					check(schema.path("items"), value.get(i), path + "[" + i + "]", problems, false);
				}
			}
			case "string" -> {
				if (!value.isTextual()) {
					problems.add(path + ": must be a string, is " + value);
				}
			}
			case "integer" -> {
				if (!value.isIntegralNumber()) {
					problems.add(path + ": must be an integer, is " + value);
				}
			}
			case "number" -> {
				if (!value.isNumber()) {
					problems.add(path + ": must be a number, is " + value);
				}
			}
			case "boolean" -> {
				if (!value.isBoolean()) {
					problems.add(path + ": must be true or false, is " + value);
				}
			}
			default -> {
				// No type: anything goes (x-kubernetes-preserve-unknown-fields).
			}
		}
	}

	private void checkObject(JsonNode schema, JsonNode value, String path, List<String> problems, boolean root) {
		if (!value.isObject()) {
			problems.add(path + ": must be an object");
			return;
		}
		for (JsonNode required : schema.path("required")) {
			if (!value.has(required.asText())) {
				problems.add(path + ": lacks the required " + required.asText());
			}
		}
		JsonNode properties = schema.path("properties");
		JsonNode additional = schema.path("additionalProperties");
		boolean open = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
		for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext();) {
			Map.Entry<String, JsonNode> field = fields.next();
			String name = field.getKey();
			if (root && name.equals("metadata")) {
				// Checked by the Kubernetes model; the CRD only says "object".
				continue;
			}
			if (properties.has(name)) {
				check(properties.path(name), field.getValue(), path + "." + name, problems, false);
			}
			else if (additional.isObject()) {
				check(additional, field.getValue(), path + "." + name, problems, false);
			}
			else if (!open && !additional.asBoolean(false)) {
				problems.add(path + ": unknown field " + name + " (known: " + fieldNames(properties) + ")");
			}
		}
	}

	private static List<String> fieldNames(JsonNode properties) {
		List<String> names = new ArrayList<>();
		properties.fieldNames().forEachRemaining(names::add);
		return names;
	}

}
