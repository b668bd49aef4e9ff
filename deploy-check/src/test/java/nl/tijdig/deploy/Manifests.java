package nl.tijdig.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import static org.assertj.core.api.Assertions.fail;

/**
 * The objects of one kustomization as {@code kubectl kustomize} renders them, the way
 * {@code kubectl apply -k} would send them to a cluster.
 */
record Manifests(String name, List<JsonNode> objects) {

	static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

	static Path deployDirectory() {
		return Path.of(System.getProperty("tijdig.deploy", "../deploy"));
	}

	static Manifests render(Path kustomization) {
		Process process;
		try {
			process = new ProcessBuilder("kubectl", "kustomize", kustomization.toString()).start();
		}
		catch (IOException ex) {
			return fail("kubectl is needed to render " + kustomization
					+ ": install Debian's kubernetes-client (the build does so where it may) or any kubectl 1.20+");
		}
		try {
			byte[] out = process.getInputStream().readAllBytes();
			String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
			process.waitFor(60, TimeUnit.SECONDS);
			if (process.exitValue() != 0) {
				return fail("kubectl kustomize " + kustomization + " failed:\n" + err);
			}
			List<JsonNode> objects = new ArrayList<>();
			try (var parser = YAML.createParser(out)) {
				YAML.readValues(parser, JsonNode.class).forEachRemaining((node) -> {
					if (node != null && !node.isNull() && !node.isEmpty()) {
						objects.add(node);
					}
				});
			}
			return new Manifests(kustomization.getFileName().toString(), List.copyOf(objects));
		}
		catch (IOException | InterruptedException ex) {
			return fail("Could not read what kubectl kustomize " + kustomization + " printed", ex);
		}
	}

	/** Rendered once for every test: kubectl takes seconds per overlay. */
	private static List<Manifests> overlays;

	/** Every overlay under deploy/overlays. */
	static synchronized List<Manifests> overlays() {
		if (overlays != null) {
			return overlays;
		}
		try (Stream<Path> directories = Files.list(deployDirectory().resolve("overlays"))) {
			overlays = directories.sorted().map(Manifests::render).toList();
			return overlays;
		}
		catch (IOException ex) {
			return fail("No deploy/overlays", ex);
		}
	}

	/** deploy/secrets rendered from its example files, as an operator fills them in. */
	static Manifests exampleSecrets(Path workDirectory) throws IOException {
		Path secrets = deployDirectory().resolve("secrets");
		Path copy = workDirectory.resolve("secrets");
		Files.createDirectories(copy);
		try (Stream<Path> files = Files.list(secrets)) {
			for (Path file : files.toList()) {
				String name = file.getFileName().toString();
				Files.copy(file, copy.resolve(name.endsWith(".example") ? name.replace(".example", "") : name));
			}
		}
		return render(copy);
	}

	List<JsonNode> ofKind(String kind) {
		return this.objects.stream().filter((object) -> kind.equals(object.path("kind").asText())).toList();
	}

	Optional<JsonNode> find(String kind, String name) {
		return ofKind(kind).stream().filter((object) -> name.equals(object.at("/metadata/name").asText())).findFirst();
	}

	JsonNode get(String kind, String name) {
		return find(kind, name).orElseThrow(() -> new AssertionError(this.name + " has no " + kind + " " + name));
	}

	/**
	 * The keys of a ConfigMap or Secret with their (for a Secret: still encoded) values.
	 */
	Map<String, String> data(String kind, String name) {
		Map<String, String> data = new java.util.LinkedHashMap<>();
		get(kind, name).path("data")
			.fields()
			.forEachRemaining((entry) -> data.put(entry.getKey(), entry.getValue().asText()));
		return data;
	}

	@Override
	public String toString() {
		return this.name;
	}

}
