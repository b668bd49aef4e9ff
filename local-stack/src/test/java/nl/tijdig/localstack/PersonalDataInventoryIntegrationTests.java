package nl.tijdig.localstack;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import nl.tijdig.events.TijdigEvent;
import nl.tijdig.events.Topics;
import nl.tijdig.infrastructure.EmbeddedPostgresServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Personal data" section against the schemas and events as they are. It
 * runs here because this module has all three services on its classpath, each with its
 * migrations and configuration file: one PostgreSQL, each schema migrated by its
 * service's own Flyway settings, and no service started.
 * <p>
 * <b>The rule.</b> A column or event field can hold an email address or a client's
 * network address when its type is one for network addresses (PostgreSQL's {@code inet}
 * or {@code cidr}, Java's {@link InetAddress} or {@link InetSocketAddress}) or when one
 * of the words of its name (split at underscores and where a lower-case letter meets an
 * upper-case one, then lower-cased) is in {@link #ADDRESS_WORDS}. Each such column must
 * be named in the section as {@code `schema.table.column`}, each field as
 * {@code `Event.field`} (a field of a nested record {@code `Event.field.field`}). The
 * other way round, every table, column or field the section names in that form must
 * exist, so that the inventory cannot name what is gone. A column whose name does not
 * tell (an outbox payload, a hashed key) is beyond the rule; the section names those by
 * hand.
 */
class PersonalDataInventoryIntegrationTests {

	/**
	 * Words in the name of whatever holds an address, or a client's, so far and likely.
	 */
	static final Set<String> ADDRESS_WORDS = Set.of("email", "mail", "mailbox", "address", "addr", "recipient",
			"client", "network", "ip", "host", "remote", "forwarded");

	private static final Set<String> ADDRESS_TYPES = Set.of("inet", "cidr");

	private static final List<String> SERVICES = List.of("reminder-api", "scheduler", "notifier");

	// As reminder-api's MigrationPlaceholders gives them to its Flyway: a migration that
	// writes an outbox row names the topic from the contract.
	private static final Map<String, String> PLACEHOLDERS = Map.of("subscribers_topic", Topics.SUBSCRIBERS);

	private static final Pattern NAMED = Pattern.compile("`([A-Za-z_]+(?:\\.[A-Za-z_]+)+)`");

	private static EmbeddedPostgresServer postgres;

	private static JdbcClient jdbc;

	private static Set<String> schemas = new TreeSet<>();

	@BeforeAll
	static void migrateEveryService() {
		postgres = EmbeddedPostgresServer.start();
		SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), postgres.jdbcUrl(),
				postgres.username(), postgres.password());
		for (String service : SERVICES) {
			YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
			yaml.setResources(new ClassPathResource(service + ".yml"));
			Properties settings = yaml.getObject();
			String schema = settings.getProperty("spring.flyway.schemas");
			Flyway.configure()
				.dataSource(dataSource)
				.schemas(schema)
				.defaultSchema(schema)
				.locations(settings.getProperty("spring.flyway.locations").split(","))
				.placeholders(PLACEHOLDERS)
				.load()
				.migrate();
			schemas.add(schema);
		}
		jdbc = JdbcClient.create(dataSource);
	}

	@AfterAll
	static void stop() {
		postgres.close();
	}

	@Test
	void namesEveryColumnThatCanHoldAnAddress() throws IOException {
		assertThat(addressColumns())
			.allSatisfy((column) -> assertThat(inventory()).as("the README's \"Personal data\" names `%s`", column)
				.contains(column));
	}

	@Test
	void namesEveryEventFieldThatCanHoldAnAddress() throws IOException {
		assertThat(addressFields())
			.allSatisfy((field) -> assertThat(inventory()).as("the README's \"Personal data\" names `%s`", field)
				.contains(field));
	}

	@Test
	void namesNoColumnOrFieldThatDoesNotExist() throws IOException {
		Set<String> columns = columns().keySet();
		Set<String> fields = fields().keySet();
		Set<String> events = Arrays.stream(TijdigEvent.class.getPermittedSubclasses())
			.map(Class::getSimpleName)
			.collect(Collectors.toSet());
		for (String named : inventory()) {
			String first = named.substring(0, named.indexOf('.'));
			if (schemas.contains(first)) {
				// A table (schema.table) or a column (schema.table.column).
				assertThat(
						columns.stream().anyMatch((column) -> column.equals(named) || column.startsWith(named + ".")))
					.as("the table or column `%s` the inventory names exists", named)
					.isTrue();
			}
			else if (events.contains(first)) {
				assertThat(fields.contains(named)).as("the event field `%s` the inventory names exists", named)
					.isTrue();
			}
		}
	}

	/** Keeps the rule from being loosened until it finds nothing. */
	@Test
	void theRuleFindsTheAddressesKnownToBeThere() {
		assertThat(addressColumns()).contains("reminder_api.subscriber.email",
				"reminder_api.subscriber.consent_client_network", "notifier.recipient.email");
		assertThat(addressFields()).contains("SubscriptionChanged.email", "PreviewRequested.testRecipient",
				"SuppressionLiftRequested.address");
	}

	private static Set<String> addressColumns() {
		return columns().entrySet()
			.stream()
			.filter((column) -> ADDRESS_TYPES.contains(column.getValue())
					|| namesAnAddress(column.getKey().substring(column.getKey().lastIndexOf('.') + 1)))
			.map(Map.Entry::getKey)
			.collect(Collectors.toCollection(TreeSet::new));
	}

	private static Set<String> addressFields() {
		return fields().entrySet()
			.stream()
			.filter((field) -> InetAddress.class.isAssignableFrom(field.getValue())
					|| InetSocketAddress.class.isAssignableFrom(field.getValue())
					|| namesAnAddress(field.getKey().substring(field.getKey().lastIndexOf('.') + 1)))
			.map(Map.Entry::getKey)
			.collect(Collectors.toCollection(TreeSet::new));
	}

	static boolean namesAnAddress(String name) {
		return Arrays.stream(name.split("_|(?<=[a-z0-9])(?=[A-Z])"))
			.map((word) -> word.toLowerCase(Locale.ROOT))
			.anyMatch(ADDRESS_WORDS::contains);
	}

	/** Every column of the three schemas, {@code schema.table.column} to its type. */
	private static Map<String, String> columns() {
		return jdbc.sql("""
				SELECT table_schema || '.' || table_name || '.' || column_name AS name, udt_name
				FROM information_schema.columns WHERE table_schema = ANY (?)
				""")
			.param(schemas.toArray(String[]::new))
			.query((rs, row) -> Map.entry(rs.getString("name"), rs.getString("udt_name")))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	/**
	 * Every field of every event, nested records' too, {@code Event.field} to its type.
	 */
	private static Map<String, Class<?>> fields() {
		Map<String, Class<?>> fields = new java.util.TreeMap<>();
		for (Class<?> event : TijdigEvent.class.getPermittedSubclasses()) {
			addFields(event.getSimpleName(), event, fields);
		}
		return fields;
	}

	private static void addFields(String prefix, Class<?> record, Map<String, Class<?>> fields) {
		for (RecordComponent component : record.getRecordComponents()) {
			String name = prefix + "." + component.getName();
			fields.put(name, component.getType());
			for (Class<?> nested : records(component.getType(), component.getGenericType())) {
				addFields(name, nested, fields);
			}
		}
	}

	/** The record a component is, or the records a list or map of it holds. */
	private static List<Class<?>> records(Class<?> type, Type generic) {
		if (type.isRecord()) {
			return List.of(type);
		}
		if (generic instanceof ParameterizedType parameterized) {
			return Arrays.stream(parameterized.getActualTypeArguments())
				.filter((argument) -> argument instanceof Class<?> cls && cls.isRecord())
				.<Class<?>>map((argument) -> (Class<?>) argument)
				.toList();
		}
		return List.of();
	}

	/** What the README's section names in backquotes with at least one dot. */
	private static Set<String> inventory() throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"));
		int start = readme.indexOf("\n## Personal data\n");
		assertThat(start).as("the README has a section \"## Personal data\"").isNotNegative();
		int end = readme.indexOf("\n## ", start + 1);
		String section = readme.substring(start, (end < 0) ? readme.length() : end);
		Set<String> named = new TreeSet<>();
		Matcher matcher = NAMED.matcher(section);
		while (matcher.find()) {
			named.add(matcher.group(1));
		}
		return named;
	}

}
