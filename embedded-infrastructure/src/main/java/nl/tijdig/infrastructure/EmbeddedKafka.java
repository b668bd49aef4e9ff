package nl.tijdig.infrastructure;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one process), run in
 * this JVM from Kafka's own server classes. It keeps its logs in a temporary directory
 * that is deleted on {@link #close()}.
 * <p>
 * Topics are not created on first use: the services declare theirs, as they must in
 * production. Transactions work: the transaction state log needs only this one replica.
 */
public final class EmbeddedKafka implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedKafka.class);

	private static final int NODE_ID = 1;

	private static final int START_ATTEMPTS = 3;

	private static final String CONFIG_LOGGER = "org.apache.kafka.common.config.AbstractConfig";

	static {
		// Kafka halts the JVM on a fatal broker fault. Here that JVM is a test run or the
		// local stack, which must fail loudly instead and still run its shutdown hooks
		// (PostgreSQL is a child process that a halt would orphan).
		Exit.setHaltProcedure(EmbeddedKafka::refuseToStop);
		Exit.setExitProcedure(EmbeddedKafka::refuseToStop);
	}

	private final Path logDirectory;

	private final int port;

	private final Map<String, String> config;

	private KafkaRaftServer server;

	private EmbeddedKafka(Path logDirectory, int port, int controllerPort) {
		this.logDirectory = logDirectory;
		this.port = port;
		this.config = nodeConfig(NODE_ID, 1, port, controllerPort, NODE_ID + "@127.0.0.1:" + controllerPort,
				logDirectory);
	}

	/**
	 * Starts a broker on a free port.
	 * @return the running broker
	 */
	public static EmbeddedKafka start() {
		return start(0);
	}

	/**
	 * Starts a broker listening on {@code 127.0.0.1:port}.
	 * @param port the client port, or 0 for a free one
	 * @return the running broker
	 */
	public static EmbeddedKafka start(int port) {
		QuietLogging.apply();
		RuntimeException failure = null;
		// A free port found beforehand can be taken by someone else before Kafka
		// binds it.
		int attempts = (port != 0) ? 1 : START_ATTEMPTS;
		for (int attempt = 1; attempt <= attempts; attempt++) {
			Path logDirectory = TemporaryDirectories.create("tijdig-kafka-");
			EmbeddedKafka kafka = new EmbeddedKafka(logDirectory, FreePorts.orFree(port), FreePorts.find());
			try {
				kafka.format();
				kafka.startServer();
				return kafka;
			}
			catch (RuntimeException ex) {
				kafka.close();
				failure = ex;
				logger.warn("Kafka did not start on port {} (attempt {} of {})", kafka.port, attempt, attempts, ex);
			}
		}
		throw failure;
	}

	/**
	 * The address clients connect to, e.g. {@code 127.0.0.1:19092}.
	 * @return the bootstrap servers
	 */
	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	public int port() {
		return this.port;
	}

	/**
	 * Stops the broker and starts it again on the same ports with the same logs, for
	 * tests of how the services ride out a broker restart.
	 */
	public synchronized void restart() {
		stopServer();
		startServer();
	}

	@Override
	public synchronized void close() {
		stopServer();
		TemporaryDirectories.delete(this.logDirectory);
	}

	private void format() {
		try {
			new Formatter().setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
				.setNodeId(NODE_ID)
				.setClusterId(Uuid.randomUuid().toString())
				.setControllerListenerName("CONTROLLER")
				.setMetadataLogDirectory(this.logDirectory.toString())
				.addDirectory(this.logDirectory.toString())
				.run();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot format Kafka's log directory " + this.logDirectory, ex);
		}
	}

	private synchronized void startServer() {
		long started = System.nanoTime();
		KafkaRaftServer raftServer = new KafkaRaftServer(new KafkaConfig(this.config, false), Time.SYSTEM);
		this.server = raftServer;
		// Returns once the broker is unfenced, i.e. ready for clients. While it
		// starts, the broker dumps its full configuration three times (some 900
		// lines).
		QuietLogging.whileRunning(CONFIG_LOGGER, raftServer::startup);
		logger.info("Kafka broker started on {} in {} ms", bootstrapServers(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
	}

	private synchronized void stopServer() {
		if (this.server != null) {
			KafkaRaftServer stopping = this.server;
			this.server = null;
			try {
				stopping.shutdown();
				stopping.awaitShutdown();
			}
			catch (RuntimeException ex) {
				logger.warn("Kafka did not shut down cleanly", ex);
			}
		}
	}

	/**
	 * The settings of one node of a small test cluster, in KRaft combined mode (broker
	 * and controller in one), as in {@code server.properties}: this broker's, and each
	 * broker of the fault suite's cluster of processes.
	 * @param node the node id
	 * @param clusterSize how many nodes: internal topics get as many replicas, and need
	 * two of them in sync where there are more than one
	 * @param port the client port
	 * @param controllerPort the controller port
	 * @param voters {@code controller.quorum.voters}, every node as {@code id@host:port}
	 * @param logDirectory where the node keeps its log
	 * @return the settings, as strings: KafkaConfig parses them into its own types
	 */
	public static Map<String, String> nodeConfig(int node, int clusterSize, int port, int controllerPort, String voters,
			Path logDirectory) {
		String replicas = String.valueOf(clusterSize);
		String minInSync = (clusterSize == 1) ? "1" : "2";
		String internalPartitions = (clusterSize == 1) ? "1" : "3";
		Map<String, String> config = new LinkedHashMap<>();
		config.put("process.roles", "broker,controller");
		config.put("node.id", String.valueOf(node));
		config.put("controller.quorum.voters", voters);
		config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
		config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
		config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
		config.put("controller.listener.names", "CONTROLLER");
		config.put("inter.broker.listener.name", "PLAINTEXT");
		config.put("log.dirs", logDirectory.toString());
		config.put("offsets.topic.replication.factor", replicas);
		config.put("offsets.topic.num.partitions", internalPartitions);
		config.put("transaction.state.log.replication.factor", replicas);
		config.put("transaction.state.log.min.isr", minInSync);
		config.put("transaction.state.log.num.partitions", internalPartitions);
		config.put("share.coordinator.state.topic.replication.factor", replicas);
		config.put("share.coordinator.state.topic.min.isr", minInSync);
		config.put("min.insync.replicas", minInSync);
		config.put("default.replication.factor", replicas);
		config.put("auto.create.topics.enable", "false");
		// Consumers in tests join one at a time; waiting for more members only slows
		// them.
		config.put("group.initial.rebalance.delay.ms", "0");
		// The cleaner's default 128 MB buffer is the broker's largest allocation;
		// compacted test topics are tiny.
		config.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
		config.put("num.network.threads", "2");
		config.put("num.io.threads", "2");
		config.put("background.threads", "2");
		config.put("num.recovery.threads.per.data.dir", "1");
		config.put("log.cleaner.threads", "1");
		return config;
	}

	private static void refuseToStop(int statusCode, String message) {
		throw new IllegalStateException("Embedded Kafka asked to stop the JVM with status " + statusCode
				+ ((message != null) ? ": " + message : ""));
	}

}
