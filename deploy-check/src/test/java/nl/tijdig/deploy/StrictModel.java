package nl.tijdig.deploy;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Reads an object into fabric8's Kubernetes model and reports every field the model does
 * not know. The model keeps such fields aside (its {@code additionalProperties}) rather
 * than failing, much as an API server prunes them: a misspelt {@code readinesProbe} would
 * vanish without a word.
 */
final class StrictModel {

	private static final KubernetesSerialization serialization = new KubernetesSerialization();

	private StrictModel() {
	}

	/** The typed object; fails for a kind the model does not know. */
	static KubernetesResource read(JsonNode object) {
		KubernetesResource resource = serialization.unmarshal(object.toString());
		if (resource instanceof GenericKubernetesResource) {
			throw new AssertionError("The Kubernetes model knows no " + object.path("apiVersion").asText() + " "
					+ object.path("kind").asText());
		}
		return resource;
	}

	/** The paths of the fields the model did not recognise. */
	static List<String> unknownFields(Object model) {
		List<String> unknown = new ArrayList<>();
		walk(model, model.getClass().getSimpleName(), unknown);
		return unknown;
	}

	private static void walk(Object value, String path, List<String> unknown) {
		if (value == null) {
			return;
		}
		if (value instanceof Collection<?> collection) {
			int i = 0;
			for (Object element : collection) {
				walk(element, path + "[" + i++ + "]", unknown);
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, element) -> walk(element, path + "." + key, unknown));
			return;
		}
		if (!value.getClass().getName().startsWith("io.fabric8.")) {
			return;
		}
		for (Method getter : value.getClass().getMethods()) {
			if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
					|| getter.getDeclaringClass() == Object.class) {
				continue;
			}
			Object field;
			try {
				field = getter.invoke(value);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
			if (getter.getName().equals("getAdditionalProperties")) {
				((Map<?, ?>) field).keySet().forEach((key) -> unknown.add(path + "." + key));
			}
			else {
				walk(field, path + "." + decapitalize(getter.getName().substring(3)), unknown);
			}
		}
	}

	private static String decapitalize(String name) {
		return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
	}

}
