package nl.tijdig.api.subscription;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import nl.tijdig.events.privacy.KeyedHash;
import nl.tijdig.testinfra.MovableClock;
import nl.tijdig.testinfra.WithInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The abuse controls on the real PostgreSQL: limits per address and per client that
 * answer 429 with Retry-After, and the minimum time to fill in the form. Each test comes
 * from its own client address, as a proxy in front of the API would report it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=reminder-api", "server.forward-headers-strategy=framework",
				"tijdig.signup.limits.per-client.count=3", "tijdig.signup.limits.per-client.per=1h",
				"tijdig.signup.limits.minimum-fill-time=3s", "tijdig.signup.record-client-network=true",
				"tijdig.signup.answer-time=400ms", "tijdig.demo.enabled=true", "tijdig.demo.slug=limits-it",
				// A context of its own: its listeners must not take partitions from the
				// shared context's.
				"spring.kafka.consumer.group-id=tijdig-reminder-api-limits-test" })
@WithInfrastructure
class SignUpLimitsIntegrationTests {

	private static final String API = "/api/v1/campaigns/limits-it/subscriptions";

	private static final Pattern FIELD = Pattern.compile("name=\"(_csrf|started)\" value=\"([^\"]+)\"");

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MovableClock clock;

	@Autowired
	KeyedHash hashes;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void answersTheFourthSignUpFromOneClientWithTooManyRequests() throws Exception {
		String client = randomClient();
		for (int i = 0; i < 3; i++) {
			assertThat(signUp(client, unique("client", freshDomain())).statusCode()).isEqualTo(202);
		}
		String fourth = unique("client", freshDomain());

		HttpResponse<String> response = signUp(client, fourth);

		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("Retry-After"))
			.hasValueSatisfying((seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L, 3600L));
		assertThat(response.body()).contains("too-many-sign-ups");
		assertThat(count(fourth)).isZero();
		assertThat(signUp(randomClient(), fourth).statusCode()).as("another client").isEqualTo(202);
	}

	/**
	 * Tried: one sign-up of Hashed-…@… from a client, then the keys of the buckets read
	 * as anyone with the database would, looking for the address, the client address, and
	 * either's bare SHA-256 (what earlier versions stored).
	 */
	@Test
	void keysTheBucketsByKeyedHashesOfAddressAndClient() throws Exception {
		String client = randomClient();
		String address = unique("Hashed", freshDomain());

		assertThat(signUp(client, address).statusCode()).isEqualTo(202);

		List<String> keys = this.jdbc.sql("SELECT id FROM token_bucket").query(String.class).list();
		assertThat(keys).contains("address:" + this.hashes.ofAddress(address), "client:" + this.hashes.of(client));
		assertThat(keys).noneMatch((key) -> key.contains(address.toLowerCase(Locale.ROOT)) || key.contains(client)
				|| key.contains(sha256(address.toLowerCase(Locale.ROOT))) || key.contains(sha256(client)));
	}

	@Test
	void sendsAtMostThreeConfirmationsToOneAddressPerDay() throws Exception {
		String address = unique("address", freshDomain());
		for (int i = 0; i < 3; i++) {
			assertThat(signUp(randomClient(), address).statusCode()).isEqualTo(202);
		}
		Instant lastConfirmation = consentedAt(address);
		// A fourth sign-up that got through would move the consent, and send a
		// confirmation.
		this.clock.advance(Duration.ofSeconds(1));

		HttpResponse<String> response = signUp(randomClient(), address);

		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(consentedAt(address)).isEqualTo(lastConfirmation);
	}

	@Test
	void recordsTheNetworkOfAConsentButNeverTheFullAddress() throws Exception {
		String address = unique("consent", freshDomain());

		assertThat(signUp("203.0.113.77", address).statusCode()).isEqualTo(202);

		assertThat(this.jdbc.sql("SELECT consent_client_network FROM subscriber WHERE email = ?")
			.param(address)
			.query(String.class)
			.single()).isEqualTo("203.0.113.0/24");
	}

	@Test
	void answersANewAndAKnownAddressAfterTheSameMinimumTime() throws Exception {
		String address = unique("timing", freshDomain());

		long firstNanos = System.nanoTime();
		HttpResponse<String> first = signUp(randomClient(), address);
		Duration newAddress = Duration.ofNanos(System.nanoTime() - firstNanos);
		long againNanos = System.nanoTime();
		HttpResponse<String> again = signUp(randomClient(), address);
		Duration knownAddress = Duration.ofNanos(System.nanoTime() - againNanos);

		assertThat(again.body()).isEqualTo(first.body());
		assertThat(newAddress).isGreaterThanOrEqualTo(Duration.ofMillis(400));
		assertThat(knownAddress).isGreaterThanOrEqualTo(Duration.ofMillis(400));
	}

	/**
	 * Tried: three clients each repeating one address of a provider's domain until
	 * refused, then twelve other people of that domain signing up. Nobody else is held
	 * back, and the repeats refused at their address cost their client nothing.
	 */
	@Test
	void clientsRepeatingOneAddressBlockNeitherItsProviderNorThemselves() throws Exception {
		String domain = freshDomain();
		String target = unique("target", domain);
		List<String> repeaters = List.of(randomClient(), randomClient(), randomClient());
		int refused = 0;
		for (String client : repeaters) {
			for (int i = 0; i < 3; i++) {
				refused += (signUp(client, target).statusCode() == 429) ? 1 : 0;
			}
		}
		assertThat(refused).as("repeats over the address's 3 a day").isEqualTo(6);

		for (int i = 0; i < 12; i++) {
			assertThat(signUp(randomClient(), unique("provider", domain)).statusCode()).as("person %d", i)
				.isEqualTo(202);
		}
		// The first repeater spent its three client tokens; the others, refused at the
		// address, none.
		assertThat(signUp(repeaters.get(1), unique("other", domain)).statusCode()).isEqualTo(202);
		assertThat(signUp(repeaters.get(2), unique("other", domain)).statusCode()).isEqualTo(202);
	}

	/**
	 * Tried: a client that spent its three sign-ups asking four times for one more
	 * address; that address's own three a day are all still there for other clients.
	 */
	@Test
	void aSignUpStoppedAtItsClientCostsItsAddressNothing() throws Exception {
		String client = randomClient();
		for (int i = 0; i < 3; i++) {
			assertThat(signUp(client, unique("spent", freshDomain())).statusCode()).isEqualTo(202);
		}
		String address = unique("spared", freshDomain());
		for (int i = 0; i < 4; i++) {
			assertThat(signUp(client, address).statusCode()).as("over the client's limit").isEqualTo(429);
		}
		assertThat(count(address)).isZero();

		for (int i = 0; i < 3; i++) {
			assertThat(signUp(randomClient(), address).statusCode()).as("sign-up %d of the address", i + 1)
				.isEqualTo(202);
		}
		assertThat(signUp(randomClient(), address).statusCode()).as("the address's fourth").isEqualTo(429);
	}

	@Test
	void takesNothingFromAFormFilledInFasterThanAPersonCan() throws Exception {
		String client = randomClient();
		String address = unique("fast", freshDomain());

		HttpResponse<String> fast = postForm(client, address, Duration.ZERO);
		assertThat(fast.statusCode()).isEqualTo(200);
		assertThat(count(address)).isZero();

		HttpResponse<String> human = postForm(client, address, Duration.ofSeconds(4));
		assertThat(human.statusCode()).isEqualTo(200);
		assertThat(count(address)).isOne();
	}

	@Test
	void showsAFormWithoutAValidStartTokenAgain() throws Exception {
		String address = unique("stale", freshDomain());

		HttpResponse<String> response = postForm(randomClient(), address, Duration.ofSeconds(4), "forged");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("Het formulier stond te lang open");
		assertThat(count(address)).isZero();
	}

	@Test
	void refusesAFormWithAForgedCsrfToken() throws Exception {
		HttpResponse<String> response = send(randomClient(),
				HttpRequest.newBuilder(uri("/c/limits-it"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.header("Cookie", "XSRF-TOKEN=x")
					.POST(HttpRequest.BodyPublishers.ofString("email=a%40example.org&consent=true&_csrf=y")));

		assertThat(response.statusCode()).isEqualTo(403);
	}

	private HttpResponse<String> postForm(String client, String address, Duration typing) throws Exception {
		return postForm(client, address, typing, null);
	}

	private HttpResponse<String> postForm(String client, String address, Duration typing, String startToken)
			throws Exception {
		HttpResponse<String> page = send(client, HttpRequest.newBuilder(uri("/c/limits-it")).GET());
		String csrf = null;
		String started = null;
		Matcher fields = FIELD.matcher(page.body());
		while (fields.find()) {
			if (fields.group(1).equals("_csrf")) {
				csrf = fields.group(2);
			}
			else {
				started = fields.group(2);
			}
		}
		String cookie = page.headers().firstValue("Set-Cookie").map((value) -> value.split(";")[0]).orElseThrow();
		this.clock.advance(typing);
		started = (startToken != null) ? startToken : started;
		return send(client,
				HttpRequest.newBuilder(uri("/c/limits-it"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.header("Cookie", cookie)
					.POST(HttpRequest.BodyPublishers
						.ofString("email=" + URLEncoder.encode(address, StandardCharsets.UTF_8)
								+ "&language=nl&consent=true&_csrf=" + csrf + "&started=" + started)));
	}

	private HttpResponse<String> signUp(String client, String address) throws Exception {
		return send(client,
				HttpRequest.newBuilder(uri(API))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers
						.ofString("{\"email\":\"" + address + "\",\"language\":\"nl\",\"consent\":true}")));
	}

	private HttpResponse<String> send(String client, HttpRequest.Builder request) throws Exception {
		return this.http.send(request.header("X-Forwarded-For", client).timeout(Duration.ofSeconds(20)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private long count(String address) {
		return this.jdbc.sql("SELECT count(*) FROM subscriber WHERE email = ?")
			.param(address)
			.query(Long.class)
			.single();
	}

	private Instant consentedAt(String address) {
		return this.jdbc.sql("SELECT consented_at FROM subscriber WHERE email = ?")
			.param(address)
			.query(java.sql.Timestamp.class)
			.single()
			.toInstant();
	}

	private static String sha256(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String randomClient() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "198.51." + random.nextInt(256) + "." + random.nextInt(1, 255);
	}

	/**
	 * Every test signs up on a domain of its own, so no test sees another's addresses.
	 */
	private static String freshDomain() {
		return "d" + UUID.randomUUID().toString().substring(0, 8) + ".example";
	}

	private static String unique(String prefix, String domain) {
		return prefix + "-" + UUID.randomUUID() + "@" + domain;
	}

	@TestConfiguration
	static class Clocks {

		@Bean
		@Primary
		MovableClock movableClock() {
			return new MovableClock();
		}

	}

}
