package nl.tijdig.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.CommonLoggingErrorHandler;
import org.springframework.test.util.ReflectionTestUtils;

import nl.tijdig.events.KafkaEventsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders every overlay of deploy/ with {@code kubectl kustomize} and holds what it would
 * send to a cluster against the Kubernetes API, the operators' CRDs and the services
 * themselves, so that a manifest that no cluster has seen is at least not wrong on paper.
 */
class DeploymentManifestsTests {

	/**
	 * Each service, its configuration file's name and the packages of its own settings.
	 */
	private static final Map<String, ServiceProperties> services = Map.of("reminder-api",
			new ServiceProperties("reminder-api", "nl.tijdig.api"), "scheduler",
			new ServiceProperties("scheduler", "nl.tijdig.scheduler"), "notifier",
			new ServiceProperties("notifier", "nl.tijdig.notifier"));

	/** The settings a deployment must give each service, and from a Secret. */
	private static final Map<String, List<String>> secretSettings = Map.of("reminder-api",
			List.of("tijdig.links.keys", "tijdig.links.signing-key", "tijdig.privacy.hash-key",
					"tijdig.console.operators", "spring.datasource.username", "spring.datasource.password"),
			"scheduler", List.of("spring.datasource.username", "spring.datasource.password"), "notifier",
			List.of("tijdig.links.keys", "tijdig.links.signing-key", "tijdig.privacy.hash-key",
					"tijdig.notifier.bounces.token", "spring.datasource.username", "spring.datasource.password",
					"spring.mail.username", "spring.mail.password"));

	/**
	 * The Secrets the operators make themselves, by the kind of resource that makes them.
	 */
	private static final Set<String> cloudNativePgAppSecretKeys = Set.of("username", "password", "uri", "jdbc-uri",
			"host", "port", "dbname", "user");

	private static Manifests secrets;

	@BeforeAll
	static void renderSecrets(@TempDir Path work) throws IOException {
		secrets = Manifests.exampleSecrets(work);
	}

	static Stream<Manifests> overlays() {
		return Manifests.overlays().stream();
	}

	@Test
	void everyOverlayIsChecked() {
		assertThat(overlays().map(Manifests::name)).containsExactlyInAnyOrder("external", "strimzi-cnpg");
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void everyKubernetesObjectHasOnlyFieldsTheApiKnows(Manifests overlay) {
		List<String> unknown = new ArrayList<>();
		for (JsonNode object : Stream.concat(overlay.objects().stream(), secrets.objects().stream()).toList()) {
			if (object.path("apiVersion").asText().contains(".strimzi.io/")
					|| object.path("apiVersion").asText().startsWith("postgresql.cnpg.io/")) {
				continue;
			}
			unknown.addAll(StrictModel.unknownFields(StrictModel.read(object)));
		}
		assertThat(unknown).as("fields unknown to the Kubernetes API in %s", overlay).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void customResourcesMatchTheirOperatorsCrds(Manifests overlay) throws IOException {
		List<CrdSchema> schemas = CrdSchema.load("strimzi-040-Crd-kafka.yaml", "strimzi-043-Crd-kafkatopic.yaml",
				"strimzi-045-Crd-kafkanodepool.yaml", "cnpg-clusters.yaml");
		List<String> problems = new ArrayList<>();
		for (JsonNode object : overlay.objects()) {
			String apiVersion = object.path("apiVersion").asText();
			if (apiVersion.contains(".strimzi.io/") || apiVersion.startsWith("postgresql.cnpg.io/")) {
				CrdSchema schema = schemas.stream()
					.filter((candidate) -> candidate.describes(object))
					.findFirst()
					.orElseThrow(() -> new AssertionError("No CRD for " + apiVersion + " " + object.path("kind")));
				problems.addAll(schema.problems(object));
			}
		}
		assertThat(problems).as("custom resources of %s against their CRDs", overlay).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void portsAndProbesAreTheServicesOwn(Manifests overlay) {
		services.forEach((name, service) -> {
			JsonNode container = container(overlay, name);
			Map<String, String> env = plainEnvironment(overlay, container);
			int serverPort = Integer.parseInt(env.getOrDefault("SERVER_PORT", service.setting("server.port")));
			String ownManagementPort = service.setting("management.server.port");
			int managementPort = Integer.parseInt(env.getOrDefault("MANAGEMENT_SERVER_PORT",
					(ownManagementPort != null) ? ownManagementPort : String.valueOf(serverPort)));
			assertThat(port(container, "http")).as("%s's http port (server.port)", name).isEqualTo(serverPort);
			assertThat(service.setting("management.endpoints.web.exposure.include")).as("%s exposes health", name)
				.contains("health");
			assertThat(env).as("%s: the probe groups exist", name)
				.containsEntry("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true");
			String health = "/actuator/health/";
			for (String[] probe : new String[][] { { "startupProbe", "liveness" }, { "livenessProbe", "liveness" },
					{ "readinessProbe", "readiness" } }) {
				JsonNode get = container.path(probe[0]).path("httpGet");
				assertThat(get.path("path").asText()).as("%s %s", name, probe[0]).isEqualTo(health + probe[1]);
				assertThat(port(container, get.path("port").asText())).as("%s %s port", name, probe[0])
					.isEqualTo(managementPort);
			}
			overlay.find("Service", name)
				.ifPresent((svc) -> svc.path("spec")
					.path("ports")
					.forEach((port) -> assertThat(port(container, port.path("targetPort").asText()))
						.as("%s Service's target port", name)
						.isEqualTo(serverPort)));
		});
		JsonNode backend = overlay.get("Ingress", "reminder-api").at("/spec/rules/0/http/paths/0/backend/service");
		assertThat(backend.path("name").asText()).isEqualTo("reminder-api");
		assertThat(backend.at("/port/name").asText()).isEqualTo("http");
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void producersWaitForAllInSyncReplicasAndAreIdempotent(Manifests overlay) {
		services.keySet().forEach((name) -> {
			Map<String, String> env = plainEnvironment(overlay, container(overlay, name));
			assertThat(env).as("%s's producers", name)
				.containsEntry("SPRING_KAFKA_PRODUCER_ACKS", "all")
				.containsEntry("SPRING_KAFKA_PRODUCER_PROPERTIES_ENABLE_IDEMPOTENCE", "true");
		});
	}

	@Test
	void managedKafkaIsReachedOverTlsWithALoginFromASecret() {
		Manifests external = overlays().filter((overlay) -> overlay.name().equals("external"))
			.findFirst()
			.orElseThrow();
		services.keySet().forEach((name) -> {
			JsonNode container = container(external, name);
			assertThat(plainEnvironment(external, container)).as("%s's Kafka clients", name)
				.containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
				.containsEntry("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512");
			assertThat(environmentVariables(external, container)).as("%s's Kafka login", name)
				.containsEntry("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
						"secret:tijdig-kafka/SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG");
		});
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void everyEnvironmentVariableBindsToAPropertyOfItsService(Manifests overlay) {
		List<String> unbound = new ArrayList<>();
		services.forEach((name, service) -> environmentVariables(overlay, container(overlay, name)).keySet()
			.stream()
			.filter((variable) -> !service.binds(variable))
			.forEach((variable) -> unbound.add(name + ": " + variable)));
		assertThat(unbound).as("variables no property of the service binds, in %s", overlay).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void everySecretSettingComesFromASecretThatExists(Manifests overlay) {
		List<String> problems = new ArrayList<>();
		secretSettings.forEach((name, settings) -> {
			Map<String, String> variables = environmentVariables(overlay, container(overlay, name));
			for (String setting : settings) {
				List<String> sources = variables.entrySet()
					.stream()
					.filter((variable) -> ServiceProperties.bindsTo(variable.getKey(), setting))
					.map(Map.Entry::getValue)
					.toList();
				if (sources.isEmpty() || !sources.stream().allMatch((source) -> source.startsWith("secret:"))) {
					problems.add(name + ": " + setting + " comes from " + sources + ", not from a Secret");
				}
			}
			variables.values()
				.stream()
				.filter((source) -> source.startsWith("secret:"))
				.distinct()
				.filter((source) -> !secretExists(overlay, source))
				.forEach((source) -> problems.add(name + ": no " + source));
		});
		assertThat(problems).as("secrets in %s", overlay).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void onlyTheReminderApisPublicPortIsOpenToAll(Manifests overlay) {
		List<JsonNode> policies = overlay.ofKind("NetworkPolicy");
		assertThat(policies).as("a policy that denies all ingress to every pod")
			.anyMatch((policy) -> policy.at("/spec/podSelector").isEmpty()
					&& policy.at("/spec/policyTypes").toString().contains("Ingress")
					&& policy.at("/spec/ingress").isMissingNode());
		int publicPort = Integer.parseInt(services.get("reminder-api").setting("server.port"));
		List<String> open = new ArrayList<>();
		for (JsonNode policy : policies) {
			for (JsonNode rule : policy.at("/spec/ingress")) {
				if (!openToAll(rule.path("from"))) {
					continue;
				}
				JsonNode selector = policy.at("/spec/podSelector/matchLabels");
				List<String> pods = services.keySet()
					.stream()
					.filter((name) -> selects(selector,
							overlay.get("Deployment", name).at("/spec/template/metadata/labels")))
					.sorted()
					.toList();
				List<String> ports = new ArrayList<>();
				rule.path("ports").forEach((port) -> ports.add(port.path("port").asText()));
				open.add(pods + " " + ports);
			}
		}
		assertThat(open).as("what everyone may reach in %s", overlay)
			.containsExactly("[reminder-api] [" + publicPort + "]");
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void everyServiceHasADisruptionBudgetAndTheNotifierScalesWithinItsPartitions(Manifests overlay) {
		services.keySet().forEach((name) -> {
			JsonNode labels = overlay.get("Deployment", name).at("/spec/template/metadata/labels");
			assertThat(overlay.ofKind("PodDisruptionBudget")).as("a PodDisruptionBudget for %s", name)
				.anyMatch((pdb) -> selects(pdb.at("/spec/selector/matchLabels"), labels)
						&& pdb.at("/spec/minAvailable").asInt() >= 1);
		});
		JsonNode hpa = overlay.get("HorizontalPodAutoscaler", "notifier");
		assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo("notifier");
		int partitions = Integer.parseInt(platform(overlay).get("TIJDIG_TOPICS_PARTITIONS"));
		assertThat(hpa.at("/spec/maxReplicas").asInt()).as("notifiers beyond the partitions would idle")
			.isLessThanOrEqualTo(partitions);
	}

	@Test
	void strimziTopicsAreTheServicesOwnWithThreeReplicasAndTwoInSync() {
		Manifests overlay = overlays().filter((candidate) -> candidate.name().equals("strimzi-cnpg"))
			.findFirst()
			.orElseThrow();
		Map<String, String> platform = platform(overlay);
		Map<String, NewTopic> declared = new LinkedHashMap<>();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KafkaEventsAutoConfiguration.class))
			.withBean(CommonErrorHandler.class, () -> new CommonLoggingErrorHandler())
			.withPropertyValues("tijdig.topics.partitions=" + platform.get("TIJDIG_TOPICS_PARTITIONS"),
					"tijdig.topics.replication-factor=" + platform.get("TIJDIG_TOPICS_REPLICATION_FACTOR"))
			.run((context) -> context.getBeansOfType(KafkaAdmin.NewTopics.class)
				.values()
				.forEach((topics) -> newTopics(topics).forEach((topic) -> declared.put(topic.name(), topic))));
		assertThat(declared).isNotEmpty();
		Map<String, JsonNode> kafkaTopics = new HashMap<>();
		overlay.ofKind("KafkaTopic").forEach((topic) -> kafkaTopics.put(topic.at("/spec/topicName").asText(), topic));
		assertThat(kafkaTopics.keySet()).containsExactlyInAnyOrderElementsOf(declared.keySet());
		declared.forEach((name, topic) -> {
			JsonNode spec = kafkaTopics.get(name).path("spec");
			assertThat(spec.path("partitions").asInt()).as("%s partitions", name).isEqualTo(topic.numPartitions());
			assertThat(spec.path("replicas").asInt()).as("%s replicas", name)
				.isEqualTo(topic.replicationFactor())
				.isEqualTo(3);
			Map<String, String> config = new HashMap<>();
			spec.path("config")
				.fields()
				.forEachRemaining((entry) -> config.put(entry.getKey(), entry.getValue().asText()));
			assertThat(config).as("%s config", name)
				.containsAllEntriesOf((topic.configs() != null) ? topic.configs() : Map.of())
				.containsEntry("min.insync.replicas", "2");
		});
		JsonNode kafka = overlay.ofKind("Kafka").get(0).at("/spec/kafka/config");
		assertThat(kafka.path("min.insync.replicas").asInt()).isEqualTo(2);
		assertThat(kafka.path("default.replication.factor").asInt()).isEqualTo(3);
	}

	/**
	 * What KafkaAdmin creates from the bean; Spring Kafka keeps the accessor to itself.
	 */
	private static Collection<NewTopic> newTopics(KafkaAdmin.NewTopics topics) {
		Collection<NewTopic> newTopics = ReflectionTestUtils.invokeMethod(topics, "getNewTopics");
		return newTopics;
	}

	private static boolean openToAll(JsonNode from) {
		if (from.isMissingNode() || from.isEmpty()) {
			return true;
		}
		for (JsonNode peer : from) {
			if (peer.has("ipBlock") && peer.at("/ipBlock/cidr").asText().endsWith("/0")) {
				return true;
			}
			if (peer.has("namespaceSelector") && peer.path("namespaceSelector").isEmpty() && !peer.has("podSelector")) {
				return true;
			}
		}
		return false;
	}

	private static boolean selects(JsonNode selector, JsonNode labels) {
		if (selector.isEmpty()) {
			return false;
		}
		List<Boolean> matches = new ArrayList<>();
		selector.fields()
			.forEachRemaining(
					(entry) -> matches.add(entry.getValue().asText().equals(labels.path(entry.getKey()).asText())));
		return !matches.contains(false);
	}

	private static JsonNode container(Manifests overlay, String name) {
		for (JsonNode container : overlay.get("Deployment", name).at("/spec/template/spec/containers")) {
			if (container.path("name").asText().equals(name)) {
				return container;
			}
		}
		throw new AssertionError(overlay + ": Deployment " + name + " has no container " + name);
	}

	private static int port(JsonNode container, String nameOrNumber) {
		if (nameOrNumber.matches("\\d+")) {
			return Integer.parseInt(nameOrNumber);
		}
		for (JsonNode port : container.path("ports")) {
			if (port.path("name").asText().equals(nameOrNumber)) {
				return port.path("containerPort").asInt();
			}
		}
		throw new AssertionError(container.path("name").asText() + " has no port " + nameOrNumber);
	}

	private static Map<String, String> platform(Manifests overlay) {
		return overlay.ofKind("ConfigMap")
			.stream()
			.filter((map) -> map.at("/metadata/name").asText().startsWith("tijdig-platform"))
			.findFirst()
			.map((map) -> overlay.data("ConfigMap", map.at("/metadata/name").asText()))
			.orElseThrow(() -> new AssertionError(overlay + " has no tijdig-platform ConfigMap"));
	}

	/** The variables with plain values: explicit ones and those of ConfigMaps. */
	private static Map<String, String> plainEnvironment(Manifests overlay, JsonNode container) {
		Map<String, String> plain = new LinkedHashMap<>();
		for (JsonNode source : container.path("envFrom")) {
			if (source.has("configMapRef")) {
				plain.putAll(overlay.data("ConfigMap", source.at("/configMapRef/name").asText()));
			}
		}
		for (JsonNode variable : container.path("env")) {
			if (variable.has("value")) {
				plain.put(variable.path("name").asText(), variable.path("value").asText());
			}
		}
		return plain;
	}

	/**
	 * Every variable the container gets, with where its value comes from: "value",
	 * "configMap:NAME" or "secret:NAME/KEY". A secret's keys come from deploy/secrets as
	 * its example files fill it in.
	 */
	private static Map<String, String> environmentVariables(Manifests overlay, JsonNode container) {
		Map<String, String> variables = new LinkedHashMap<>();
		for (JsonNode source : container.path("envFrom")) {
			if (source.has("configMapRef")) {
				String name = source.at("/configMapRef/name").asText();
				overlay.data("ConfigMap", name).keySet().forEach((key) -> variables.put(key, "configMap:" + name));
			}
			if (source.has("secretRef")) {
				String name = source.at("/secretRef/name").asText();
				assertThat(secrets.find("Secret", name)).as("deploy/secrets makes %s", name).isPresent();
				secrets.data("Secret", name)
					.keySet()
					.forEach((key) -> variables.put(key, "secret:" + name + "/" + key));
			}
		}
		for (JsonNode variable : container.path("env")) {
			JsonNode secretRef = variable.at("/valueFrom/secretKeyRef");
			variables.put(variable.path("name").asText(), secretRef.isMissingNode() ? "value"
					: "secret:" + secretRef.path("name").asText() + "/" + secretRef.path("key").asText());
		}
		return variables;
	}

	/** Made by deploy/secrets, or by CloudNativePG for a Cluster of this overlay. */
	private static boolean secretExists(Manifests overlay, String source) {
		String[] nameAndKey = source.substring("secret:".length()).split("/");
		if (secrets.find("Secret", nameAndKey[0]).isPresent()) {
			return secrets.data("Secret", nameAndKey[0]).containsKey(nameAndKey[1]);
		}
		return overlay.ofKind("Cluster")
			.stream()
			.anyMatch((cluster) -> (cluster.at("/metadata/name").asText() + "-app").equals(nameAndKey[0])
					&& cloudNativePgAppSecretKeys.contains(nameAndKey[1]));
	}

}
