package nl.tijdig.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import nl.tijdig.events.EventSerde;
import nl.tijdig.infrastructure.EmbeddedKafka;
import nl.tijdig.infrastructure.FreePorts;

/**
 * Kafka brokers in KRaft combined mode (broker and controller), each in a process of its
 * own, started from Kafka's own main class ({@code kafka.Kafka server.properties}) on the
 * jars the test itself runs on. A broker can be killed and started again on the same
 * ports with the same data, as after a crash. One broker, or three with replication
 * factor 3 and {@code min.insync.replicas} 2 for the scenarios that take one away.
 */
final class KafkaCluster implements AutoCloseable {

	private final List<Broker> brokers;

	private KafkaCluster(List<Broker> brokers) {
		this.brokers = brokers;
	}

	/**
	 * Formats each broker's storage and starts the brokers.
	 * @param size 1 or 3
	 * @param data where each broker keeps its log, one directory per broker
	 * @param logs where each broker's output goes
	 */
	static KafkaCluster start(int size, Path data, Path logs) {
		if (size != 1 && size != 3) {
			throw new IllegalArgumentException("one broker, or three");
		}
		String clusterId = Uuid.randomUuid().toString();
		List<int[]> ports = new ArrayList<>();
		for (int node = 1; node <= size; node++) {
			ports.add(new int[] { FreePorts.find(), FreePorts.find() });
		}
		String voters = "";
		for (int node = 1; node <= size; node++) {
			voters += ((node > 1) ? "," : "") + node + "@127.0.0.1:" + ports.get(node - 1)[1];
		}
		List<Broker> brokers = new ArrayList<>();
		for (int node = 1; node <= size; node++) {
			Path directory = data.resolve("kafka-" + node);
			Path properties = directory.resolve("server.properties");
			Map<String, String> config = EmbeddedKafka.nodeConfig(node, size, ports.get(node - 1)[0],
					ports.get(node - 1)[1], voters, directory.resolve("log"));
			write(properties, config);
			format(clusterId, properties, logs.resolve("kafka-" + node + "-format.log"));
			JvmProcess process = new JvmProcess("kafka-" + node,
					List.of(Service.javaBinary(), "-Xms128m", "-Xmx384m", "-XX:+UseSerialGC", "-cp", classPath(),
							"-Dlogback.configurationFile=" + logbackConfiguration(data), "kafka.Kafka",
							properties.toString()),
					logs);
			brokers.add(new Broker(node, ports.get(node - 1)[0], process));
		}
		KafkaCluster cluster = new KafkaCluster(brokers);
		brokers.forEach((broker) -> broker.process().start());
		cluster.awaitBrokers(size, Duration.ofSeconds(90));
		return cluster;
	}

	String bootstrapServers() {
		return this.brokers.stream().map((broker) -> "127.0.0.1:" + broker.port()).collect(Collectors.joining(","));
	}

	int size() {
		return this.brokers.size();
	}

	/** {@code SIGKILL} to one broker (1, 2 or 3). */
	void kill(int node) {
		broker(node).process().kill();
	}

	/**
	 * Starts a killed broker again on its ports with its data, and waits for it to serve.
	 */
	void startAgain(int node) {
		Broker broker = broker(node);
		broker.process().start();
		awaitPort(broker, Duration.ofSeconds(90));
		awaitBrokers(size(), Duration.ofSeconds(90));
	}

	boolean alive(int node) {
		return broker(node).process().alive();
	}

	String tail(int node, int lines) {
		return broker(node).process().tail(lines);
	}

	/**
	 * Writes a record as some other producer might, bytes as they are, and waits for the
	 * broker's acknowledgement: what a poison record looks like to the services.
	 */
	void write(String topic, String key, byte[] value) {
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		properties.put(ProducerConfig.ACKS_CONFIG, "all");
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
				new ByteArraySerializer())) {
			producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Kafka did not take a record on " + topic, ex);
		}
	}

	/**
	 * Writes a valid event as the service that owns its topic would (the contract's
	 * serde), and waits for the broker's acknowledgement.
	 */
	void writeEvent(String topic, String key, Object event) {
		Properties properties = new Properties();
		properties.putAll(EventSerde.producerConfig());
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		properties.put(ProducerConfig.ACKS_CONFIG, "all");
		try (KafkaProducer<String, Object> producer = new KafkaProducer<>(properties)) {
			producer.send(new ProducerRecord<>(topic, key, event)).get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Kafka did not take " + event + " on " + topic, ex);
		}
	}

	/**
	 * Records on every dead-letter topic ({@code <topic>-dlt}) together, or on one of
	 * them: the end offsets, which only grow.
	 */
	long deadLetters(String... only) {
		Properties properties = new Properties();
		properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000);
		try (Admin admin = Admin.create(properties)) {
			List<String> topics = admin.listTopics()
				.names()
				.get(30, TimeUnit.SECONDS)
				.stream()
				.filter((topic) -> topic.endsWith("-dlt"))
				.filter((topic) -> only.length == 0 || List.of(only).contains(topic))
				.toList();
			Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
			admin.describeTopics(topics)
				.allTopicNames()
				.get(30, TimeUnit.SECONDS)
				.values()
				.forEach((topic) -> topic.partitions()
					.forEach((partition) -> partitions.put(new TopicPartition(topic.name(), partition.partition()),
							OffsetSpec.latest())));
			return admin.listOffsets(partitions)
				.all()
				.get(30, TimeUnit.SECONDS)
				.values()
				.stream()
				.mapToLong((offsets) -> offsets.offset())
				.sum();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot count the dead letters", ex);
		}
	}

	@Override
	public void close() {
		this.brokers.forEach((broker) -> broker.process().kill());
	}

	private Broker broker(int node) {
		return this.brokers.get(node - 1);
	}

	/** Until the cluster's metadata names every broker: then clients can use it. */
	private void awaitBrokers(int expected, Duration atMost) {
		long deadline = System.nanoTime() + atMost.toNanos();
		Properties properties = new Properties();
		properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
		properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
		try (Admin admin = Admin.create(properties)) {
			while (System.nanoTime() < deadline) {
				for (Broker broker : this.brokers) {
					if (!broker.process().alive() && broker.process().started()) {
						throw new IllegalStateException(
								"Kafka broker " + broker.node() + " exited\n" + broker.process().tail(40));
					}
				}
				try {
					if (admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size() == expected) {
						return;
					}
				}
				catch (Exception ex) {
					// not yet
				}
				Service.sleep(200);
			}
		}
		throw new IllegalStateException("Kafka did not have " + expected + " brokers within " + atMost + "\n"
				+ this.brokers.get(0).process().tail(40));
	}

	private static void awaitPort(Broker broker, Duration atMost) {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", broker.port()), 500);
				return;
			}
			catch (IOException ex) {
				Service.sleep(200);
			}
		}
		throw new IllegalStateException("Kafka broker " + broker.node() + " did not listen within " + atMost + "\n"
				+ broker.process().tail(40));
	}

	private static void format(String clusterId, Path properties, Path log) {
		try {
			Files.createDirectories(log.getParent());
			Process format = new ProcessBuilder(Service.javaBinary(), "-Xmx256m", "-cp", classPath(),
					"kafka.tools.StorageTool", "format", "--cluster-id", clusterId, "--config", properties.toString())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			if (!format.waitFor(90, TimeUnit.SECONDS) || format.exitValue() != 0) {
				throw new IllegalStateException(
						"Kafka's storage was not formatted: " + String.join("\n", Files.readAllLines(log)));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot format Kafka's storage", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private static void write(Path file, Map<String, String> config) {
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file,
					config.entrySet()
						.stream()
						.map((entry) -> entry.getKey() + "=" + entry.getValue())
						.collect(Collectors.joining("\n", "", "\n")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + file, ex);
		}
	}

	/**
	 * The test's own class path: Kafka's server jars are on it (test-infrastructure's
	 * dependencies), and with them every library the broker needs.
	 */
	private static String classPath() {
		return System.getProperty("java.class.path");
	}

	/** The broker logs at INFO, without its three dumps of its whole configuration. */
	private static Path logbackConfiguration(Path data) {
		Path file = data.resolve("kafka-logback.xml");
		try {
			Files.createDirectories(data);
			Files.writeString(file, """
					<configuration>
					  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
					    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
					  </appender>
					  <logger name="org.apache.kafka.common.config.AbstractConfig" level="WARN"/>
					  <logger name="kafka.server.KafkaConfig" level="WARN"/>
					  <logger name="org.apache.kafka.common.metrics" level="WARN"/>
					  <root level="INFO"><appender-ref ref="out"/></root>
					</configuration>
					""");
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + file, ex);
		}
	}

	private record Broker(int node, int port, JvmProcess process) {
	}

}
