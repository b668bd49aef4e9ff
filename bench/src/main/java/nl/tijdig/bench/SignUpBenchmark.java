package nl.tijdig.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.kafka.common.header.internals.RecordHeaders;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import nl.tijdig.api.ReminderApiApplication;
import nl.tijdig.events.EventSerde;
import nl.tijdig.events.EventSerializer;
import nl.tijdig.events.Language;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.infrastructure.Infrastructure;

/**
 * Sign-ups per second and their latency through reminder-api's JSON API (validation, the
 * limits per address and per client at their defaults, a row and its event in one
 * transaction, relayed to Kafka), beside two baselines on the same machine in the same
 * run: a bare endpoint in the same JVM (HTTP, security filters and JSON, no work) and a
 * raw JDBC insert of the same shape (the row and its outbox event in one transaction, no
 * HTTP).
 * <p>
 * Settings as system properties or {@code --bench.*} arguments: {@code bench.requests}
 * (default 20000), {@code bench.concurrency} (32), {@code bench.rate} for the latency run
 * (500/s), {@code bench.seconds} (15) and {@code bench.rounds} (3), each pair measured
 * alternately ({@link Rounds}); arguments go to reminder-api, e.g.
 * {@code --tijdig.signup.answer-time=0ms} to measure without the minimum answer time, or
 * {@code --tijdig.signup.limits.enabled=false} without the limits.
 * <p>
 * Every request comes from a client address of its own (named in {@code X-Forwarded-For},
 * which the API trusts from the loopback proxy), as a campaign's visitors do: each
 * sign-up is counted by the limits and none is refused.
 */
public final class SignUpBenchmark {

	private static final String BARE = "/api/bench/bare";

	private static final String SIGN_UP = "/api/v1/campaigns/bench/subscriptions";

	private static final String BYTES_BY_RELATION = """
			SELECT 'table ' || round(pg_relation_size('subscriber')::numeric / n) || ' B ('
			         || (pg_relation_size('subscriber') / 8192
			             - (SELECT count(DISTINCT (ctid::text::point)[0]) FROM subscriber))
			         || ' empty pages)'
			       || (SELECT string_agg(', ' || i.indexrelid::regclass || ' '
			                             || round(pg_relation_size(i.indexrelid)::numeric / n) || ' B', ''
			                             ORDER BY i.indexrelid::regclass::text)
			           FROM pg_index i WHERE i.indrelid = 'subscriber'::regclass)
			       || ', maps and TOAST '
			       || round((pg_total_relation_size('subscriber') - pg_relation_size('subscriber')
			                 - pg_indexes_size('subscriber'))::numeric / n) || ' B'
			FROM (SELECT count(*) AS n FROM subscriber) AS counted
			""";

	private SignUpBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		benchSettings(args);
		int requests = Integer.getInteger("bench.requests", 20_000);
		int concurrency = Integer.getInteger("bench.concurrency", 32);
		int rate = Integer.getInteger("bench.rate", 500);
		int seconds = Integer.getInteger("bench.seconds", 15);

		Infrastructure infrastructure = Infrastructure.shared();
		ConfigurableApplicationContext api = ReminderApiApplication.builder()
			.sources(BareEndpoint.class)
			.initializers(infrastructure.initializer())
			.run(arguments(args, "--server.port=0", "--server.forward-headers-strategy=native",
					"--tijdig.demo.enabled=true", "--tijdig.demo.slug=bench", "--logging.level.root=warn"));
		String base = "http://127.0.0.1:" + ((WebServerApplicationContext) api).getWebServer().getPort();
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		String run = UUID.randomUUID().toString().substring(0, 8);

		UUID campaign = UUID.fromString(campaignId(infrastructure));
		Cpu cpu = Cpu.of(infrastructure);
		String limits = api.getEnvironment().getProperty("tijdig.signup.limits.enabled", Boolean.class, true)
				? "limits on" : "limits off";
		AtomicInteger clients = new AtomicInteger();
		int rounds = Rounds.count();
		AtomicInteger batch = new AtomicInteger();
		Rounds.Side signUp = Rounds.Side.of("sign-up (JSON API, " + limits + ")", (clock) -> {
			String prefix = "max-" + run + "-" + batch.incrementAndGet();
			return Rounds.Done.of(Load.closedLoop(requests, concurrency,
					(i) -> post(http, base + SIGN_UP, body(prefix, i), client(clients.incrementAndGet()))));
		});
		System.out.printf("Sign-up benchmark: %d requests per run, %d clients, %d cores%n", requests, concurrency,
				Runtime.getRuntime().availableProcessors());
		Rounds.pair("sign-up vs bare endpoint", signUp, Rounds.Side.of("bare endpoint, same JVM", (clock) -> {
			String prefix = "bare-" + run + "-" + batch.incrementAndGet();
			return Rounds.Done.of(Load.closedLoop(requests, concurrency,
					(i) -> post(http, base + BARE, body(prefix, i), client(clients.incrementAndGet()))));
		}), rounds, cpu, null);
		Rounds.pair("sign-up vs raw insert", signUp, Rounds.Side.of("raw PostgreSQL insert, same shape", (clock) -> {
			String prefix = "raw-" + run + "-" + batch.incrementAndGet();
			return Rounds.Done.of(rawInserts(infrastructure, campaign, requests, concurrency, prefix));
		}), rounds, cpu, "≥ 0.5");
		Rounds.single("sign-up at " + rate + "/s offered", Rounds.Side.of("sign-up, open loop, " + limits, (clock) -> {
			String prefix = "rate-" + run + "-" + batch.incrementAndGet();
			return Rounds.Done.of(Load.openLoop(rate, seconds, concurrency * 4,
					(i) -> post(http, base + SIGN_UP, body(prefix, i), client(clients.incrementAndGet()))));
		}), rounds, cpu);
		try (Connection connection = connect(infrastructure);
				var statement = connection.prepareStatement(
						"SELECT pg_total_relation_size('subscriber')::float8 / count(*), count(*) FROM subscriber");
				var rows = statement.executeQuery()) {
			rows.next();
			Rounds.fact(String.format("PostgreSQL bytes per subscriber in reminder-api (table and indexes, %,d rows)",
					rows.getLong(2)), String.format("%.0f B", rows.getDouble(1)));
		}
		Rounds.fact("of which per subscriber", bytesByRelation(infrastructure));
		api.close();
		System.exit(0);
	}

	/**
	 * Makes system properties of the {@code --bench.*} arguments: settings may come as
	 * arguments too, since spring-boot:run passes those easily.
	 */
	static void benchSettings(String[] args) {
		for (String arg : args) {
			if (arg.startsWith("--bench.") && arg.contains("=")) {
				System.setProperty(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
			}
		}
	}

	/**
	 * The benchmark's settings, then the caller's, e.g.
	 * {@code --tijdig.signup.answer-time=0ms}.
	 */
	static String[] arguments(String[] callers, String... own) {
		return Stream.concat(Stream.of(own), Stream.of(callers)).toArray(String[]::new);
	}

	static boolean post(HttpClient http, String url, String body) {
		return post(http, url, body, null);
	}

	/** Posts as if a proxy had passed it on from {@code client}, when one is named. */
	static boolean post(HttpClient http, String url, String body, String client) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (client != null) {
			builder.header("X-Forwarded-For", client);
		}
		HttpRequest request = builder.build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 202;
		}
		catch (Exception ex) {
			return false;
		}
	}

	/** The n-th visitor's address, one of some sixteen million in 10.0.0.0/8. */
	static String client(int n) {
		return "10." + ((n >>> 16) & 0xff) + "." + ((n >>> 8) & 0xff) + "." + (n & 0xff);
	}

	static String body(String prefix, int i) {
		return "{\"email\":\"" + prefix + "-" + i + "@example.org\",\"language\":\"nl\",\"consent\":true}";
	}

	/**
	 * Where the bytes of the subscriber table are: the rows' pages (and how many of them
	 * hold no row, as concurrent inserts extend a table many pages at a time), each
	 * index, and the free space and visibility maps.
	 */
	private static String bytesByRelation(Infrastructure infrastructure) throws SQLException {
		try (Connection connection = connect(infrastructure);
				var statement = connection.prepareStatement(BYTES_BY_RELATION);
				var rows = statement.executeQuery()) {
			rows.next();
			return rows.getString(1);
		}
	}

	private static String campaignId(Infrastructure infrastructure) throws SQLException {
		try (Connection connection = connect(infrastructure);
				var statement = connection.prepareStatement("SELECT id FROM campaign WHERE slug = 'bench'");
				var rows = statement.executeQuery()) {
			rows.next();
			return rows.getString(1);
		}
	}

	/**
	 * The subscriber row and its outbox event in one transaction, as a sign-up writes
	 * them.
	 */
	private static Latencies rawInserts(Infrastructure infrastructure, UUID campaign, int count, int concurrency,
			String prefix) throws Exception {
		ThreadLocal<Connection> connections = ThreadLocal.withInitial(() -> {
			try {
				Connection connection = connect(infrastructure);
				connection.setAutoCommit(false);
				return connection;
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		});
		EventSerializer serializer = new EventSerializer();
		serializer.configure(EventSerde.producerConfig(), false);
		serializer.setAddTypeInfo(false);
		return Load.closedLoop(count, concurrency, (i) -> {
			Connection connection = connections.get();
			UUID id = UUID.randomUUID();
			try (PreparedStatement subscriber = connection.prepareStatement(
					"INSERT INTO subscriber (id, campaign_id, email, language, status, consent_version, consented_at) "
							+ "VALUES (?, ?, ?, 'NL', 'PENDING', '2025-09-1', ?) ON CONFLICT ((subscription_key(campaign_id, email))) DO NOTHING");
					PreparedStatement event = connection.prepareStatement(
							"INSERT INTO outbox_event (topic, record_key, event_type, payload) VALUES (?, ?, ?, ?)")) {
				subscriber.setObject(1, id);
				subscriber.setObject(2, campaign);
				subscriber.setString(3, prefix + "-" + i + "@example.org");
				subscriber.setTimestamp(4, Timestamp.from(Instant.now()));
				subscriber.executeUpdate();
				event.setString(1, "tijdig.subscribers");
				event.setString(2, id.toString());
				event.setString(3, "nl.tijdig.subscription.changed");
				event.setBytes(4,
						serializer.serialize(Topics.SUBSCRIBERS, new RecordHeaders(),
								SubscriptionChanged.of(id, campaign, prefix + "-" + i + "@example.org", Language.NL,
										SubscriptionStatus.PENDING, SubscriptionChanged.Change.SIGNED_UP, null,
										Instant.now())));
				event.executeUpdate();
				connection.commit();
				return true;
			}
			catch (SQLException ex) {
				return false;
			}
		});
	}

	private static Connection connect(Infrastructure infrastructure) throws SQLException {
		Connection connection = DriverManager.getConnection(infrastructure.jdbcUrl(), infrastructure.jdbcUsername(),
				infrastructure.jdbcPassword());
		connection.setSchema("reminder_api");
		return connection;
	}

	/** Does nothing with what it is sent, behind the same filters and JSON as the API. */
	@RestController
	static class BareEndpoint {

		@PostMapping(BARE)
		@ResponseStatus(HttpStatus.ACCEPTED)
		Map<String, String> accept(@RequestBody Map<String, Object> body) {
			return Map.of("status", "accepted");
		}

	}

}
