package nl.tijdig.systemtests;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import nl.tijdig.testinfra.ScriptedSmtpServer.Received;

/**
 * One campaign of a scenario, from sign-up to deadline: its audience signs up through
 * reminder-api's JSON API and confirms through the link in its confirmation email, its
 * waves go out seconds apart, and at the end the oracle compares what every confirmed
 * subscriber should have had with what the SMTP server received and what the notifier's
 * delivery log says.
 */
final class CampaignRun {

	private static final Pattern LINK = Pattern.compile("/(confirm|unsubscribe|done|forget)\\?token=([A-Za-z0-9_.-]+)");

	private static final Set<String> SENT_STATES = Set.of("SENT", "BOUNCED");

	private final Platform platform;

	private final Database database;

	private final String slug;

	private final UUID campaignId;

	private final Instant deadline;

	private final List<Wave> waves;

	private final Map<UUID, String> subscribers;

	private final Map<String, Expected> expected;

	private final Set<String> withheld = ConcurrentHashMap.newKeySet();

	private volatile int inDoubtAllowance;

	private final Audience audience;

	private CampaignRun(Platform platform, Database database, String slug, UUID campaignId, Instant deadline,
			List<Wave> waves, Map<UUID, String> subscribers, Audience audience) {
		this.platform = platform;
		this.audience = audience;
		this.database = database;
		this.slug = slug;
		this.campaignId = campaignId;
		this.deadline = deadline;
		this.waves = waves;
		this.subscribers = subscribers;
		Map<String, Expected> expected = new LinkedHashMap<>();
		for (UUID subscriber : subscribers.keySet()) {
			List<String> keys = new ArrayList<>();
			keys.add("welcome");
			waves.forEach((wave) -> keys.add(wave.messageKey()));
			keys.add("goodbye");
			keys.forEach((key) -> expected.put(MessageIds.of(subscriber, key), new Expected(subscriber, key)));
		}
		this.expected = expected;
	}

	/**
	 * Restarts reminder-api with a new campaign, signs {@code size} people up and
	 * confirms them all before its first wave.
	 * @param deadlineIn the deadline, counted from reminder-api's start
	 * @param befores how long before the deadline each wave goes out
	 */
	static CampaignRun open(Platform platform, String scenario, long seed, int size, Duration deadlineIn,
			List<Duration> befores) {
		return open(platform, scenario, seed, size, deadlineIn, befores, 1);
	}

	/**
	 * The same, with the first address signed up {@code signUpsOfFirst} times at once, as
	 * a double click or a script would: it must still be one subscriber.
	 */
	static CampaignRun open(Platform platform, String scenario, long seed, int size, Duration deadlineIn,
			List<Duration> befores, int signUpsOfFirst) {
		Random random = new Random(seed);
		String slug = scenario + "-" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
		platform.restartReminderApiWithCampaign(slug, deadlineIn, befores);
		Database database = new Database(platform.postgres());
		Map.Entry<UUID, Instant> campaign = database
			.queryPatiently("select id, deadline from reminder_api.campaign where slug = ?",
					(row) -> Map.entry(row.getObject(1, UUID.class), row.getTimestamp(2).toInstant()), slug)
			.get(0);
		Instant deadline = campaign.getValue();
		List<Wave> waves = befores.stream().map((before) -> new Wave(key(before), deadline.minus(before))).toList();
		List<String> addresses = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			addresses.add(slug + "-" + i + "@example.org");
		}
		Audience audience = new Audience(platform, slug);
		audience.signUpAndConfirm(addresses, random, signUpsOfFirst);
		Instant confirmed = Instant.now();
		Map<UUID, String> subscribers = new LinkedHashMap<>();
		database
			.queryPatiently(
					"select id, email from reminder_api.subscriber where campaign_id = ? and status = 'CONFIRMED'",
					(row) -> Map.entry(row.getObject(1, UUID.class), row.getString(2)), campaign.getKey())
			.forEach((entry) -> subscribers.put(entry.getKey(), entry.getValue()));
		if (subscribers.size() != size) {
			throw new IllegalStateException(
					size + " signed up and confirmed, but reminder-api has " + subscribers.size() + " confirmed");
		}
		Instant firstWave = waves.stream().map(Wave::dueAt).min(Instant::compareTo).orElse(deadline);
		if (!confirmed.isBefore(firstWave)) {
			throw new IllegalStateException("The audience was confirmed at " + confirmed + ", after the first wave at "
					+ firstWave + ": the campaign needs more time before its first wave on this machine");
		}
		return new CampaignRun(platform, database, slug, campaign.getKey(), deadline, waves, subscribers, audience);
	}

	/** The confirmed subscribers and their addresses, in the order they signed up. */
	Map<UUID, String> subscribers() {
		return this.subscribers;
	}

	Database database() {
		return this.database;
	}

	/**
	 * Tells the oracle that these messages are due to the subscriber but must not reach
	 * them (unsubscribed, erased, a mailbox the relay said does not exist): received
	 * anyway, they count as sent anyway.
	 */
	void withhold(UUID subscriber, String... messageKeys) {
		for (String key : messageKeys) {
			this.withheld.add(MessageIds.of(subscriber, key));
		}
	}

	/**
	 * Messages the scenario itself puts in doubt (a relay that hangs up after the body),
	 * beyond what a fault may leave on the wire.
	 */
	void allowInDoubt(int messages) {
		this.inDoubtAllowance += messages;
	}

	int inDoubtAllowance() {
		return this.inDoubtAllowance;
	}

	/**
	 * Follows a link of the subscriber's welcome email ({@code unsubscribe},
	 * {@code done}, {@code forget}) and confirms the action, as its reader would.
	 */
	void follow(UUID subscriber, String action) {
		follow(subscriber, action, this.platform.reminderApi());
	}

	/**
	 * The same, on another reminder-api instance, as a load balancer may send the reader
	 * there.
	 */
	void follow(UUID subscriber, String action, Service reminderApi) {
		String welcome = MessageIds.of(subscriber, "welcome");
		Received message = this.platform.smtp()
			.received()
			.stream()
			.filter((received) -> welcome.equals(received.messageId()))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No welcome for " + subscriber));
		this.audience.follow(reminderApi, action, Audience.token(message, action));
	}

	/** Subscribers whose welcome the relay has, in sign-up order. */
	List<UUID> welcomed() {
		List<UUID> welcomed = new ArrayList<>();
		for (UUID id : this.subscribers.keySet()) {
			if (copies(id, "welcome") > 0) {
				welcomed.add(id);
			}
		}
		return welcomed;
	}

	/** The state of a message in the notifier's delivery log, if it has a row. */
	Optional<String> deliveryState(UUID subscriber, String messageKey) {
		return Optional.ofNullable(deliveryLog().get(MessageIds.of(subscriber, messageKey)));
	}

	/** The state of a message in the notifier's delivery log, by its Message-ID. */
	Optional<String> deliveryLogState(String messageId) {
		return Optional.ofNullable(deliveryLog().get(messageId));
	}

	/** Copies of a message the SMTP server received. */
	int copies(UUID subscriber, String messageKey) {
		return copies().getOrDefault(MessageIds.of(subscriber, messageKey), 0);
	}

	String slug() {
		return this.slug;
	}

	UUID campaignId() {
		return this.campaignId;
	}

	List<Wave> waves() {
		return this.waves;
	}

	Instant deadline() {
		return this.deadline;
	}

	int audience() {
		return this.subscribers.size();
	}

	/**
	 * How many subscribers the SMTP server has received this message from (once or more).
	 */
	int received(String messageKey) {
		Set<UUID> received = new HashSet<>();
		for (Received message : this.platform.smtp().received()) {
			Expected expected = this.expected.get(message.messageId());
			if (expected != null && expected.messageKey().equals(messageKey)) {
				received.add(expected.subscriberId());
			}
		}
		return received.size();
	}

	/** Waits until at least {@code count} subscribers got this message. */
	void awaitReceived(String messageKey, int count, Duration atMost) {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (received(messageKey) < count) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Only " + received(messageKey) + " of " + count + " received "
						+ messageKey + " within " + atMost + "\n" + this.platform.tails(30));
			}
			Service.sleep(5);
		}
	}

	/**
	 * The wave's row in the scheduler's {@code wave_dispatch}: its state and how many it
	 * requested.
	 */
	Optional<Dispatch> dispatch(Wave wave) {
		try {
			return this.database
				.query("select state, sent from scheduler.wave_dispatch where campaign_id = ? and wave_key = ?",
						(row) -> new Dispatch(row.getString(1), row.getLong(2)), this.campaignId, wave.key())
				.stream()
				.findFirst();
		}
		catch (java.sql.SQLException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Waits until every message that was due has been received or reported in doubt, or
	 * until {@code atMost} past the deadline: what is missing then is lost.
	 * @return when the last of them arrived, if all did
	 */
	Optional<Instant> awaitSettled(Duration atMost) {
		Instant until = this.deadline.plus(atMost);
		while (Instant.now().isBefore(until)) {
			if (Instant.now().isAfter(this.deadline) && outstanding().isEmpty()) {
				return Optional.of(Instant.now());
			}
			Service.sleep(500);
		}
		return Optional.empty();
	}

	/** Whether every message of this wave has been received or reported in doubt. */
	boolean settled(String messageKey) {
		return outstanding().stream().noneMatch((expected) -> expected.messageKey().equals(messageKey));
	}

	/**
	 * The oracle: expected = welcome, every wave and the goodbye for every confirmed
	 * subscriber; withheld = those of them the scenario said must not arrive (and did
	 * not), and those the notifier withdrew as too late; sent anyway = those that arrived
	 * all the same; captured = the others the SMTP server received; lost = the others
	 * neither received nor reported in doubt by the delivery log; duplicated = copies
	 * beyond the first; and the delivery log's word on each against the server's.
	 */
	Verdict verdict(String scenario, Duration recovery) {
		Map<String, Integer> copies = copies();
		Map<String, String> log = deliveryLog();
		int captured = 0;
		int duplicated = 0;
		int inDoubt = 0;
		int withheld = 0;
		int sentAnyway = 0;
		List<String> lost = new ArrayList<>();
		List<String> twice = new ArrayList<>();
		List<String> disagreements = new ArrayList<>();
		for (Map.Entry<String, Expected> entry : this.expected.entrySet()) {
			int received = copies.getOrDefault(entry.getKey(), 0);
			String state = log.get(entry.getKey());
			if (this.withheld.contains(entry.getKey())) {
				if (received > 0) {
					sentAnyway++;
					twice.add(entry.getValue() + " was to be withheld, received " + received + " (log: " + state + ")");
				}
				else {
					withheld++;
				}
			}
			else if (received > 0) {
				captured++;
				duplicated += received - 1;
				if (received > 1) {
					twice.add(entry.getValue() + " " + entry.getKey() + " received at " + arrivals(entry.getKey())
							+ " (log: " + state + ")");
				}
			}
			else if ("IN_DOUBT".equals(state)) {
				inDoubt++;
			}
			else if ("WITHDRAWN".equals(state)) {
				// Its moment passed before it could go (the deadline came or the next
				// wave
				// started): not sent by design, and counted on the operators' dashboard.
				withheld++;
			}
			else {
				lost.add(entry.getValue() + " (log: " + state + ")");
			}
			boolean logged = state != null && SENT_STATES.contains(state);
			if ((received > 0) != logged && !(received > 0 && "IN_DOUBT".equals(state))) {
				disagreements.add(entry.getValue() + ": received " + received + ", log " + state);
			}
		}
		return new Verdict(scenario, this.expected.size(), captured, lost.size(), duplicated, inDoubt, withheld,
				sentAnyway, disagreements.size(), recovery, lost.stream().limit(10).toList(),
				twice.stream().limit(10).toList(), disagreements.stream().limit(10).toList());
	}

	private List<Instant> arrivals(String messageId) {
		return this.platform.smtp()
			.received()
			.stream()
			.filter((message) -> messageId.equals(message.messageId()))
			.map(Received::at)
			.toList();
	}

	private List<Expected> outstanding() {
		Map<String, Integer> copies = copies();
		Map<String, String> log = deliveryLog();
		List<Expected> outstanding = new ArrayList<>();
		for (Map.Entry<String, Expected> entry : this.expected.entrySet()) {
			Instant due = dueAt(entry.getValue().messageKey());
			if (due.isBefore(Instant.now()) && !copies.containsKey(entry.getKey())
					&& !"IN_DOUBT".equals(log.get(entry.getKey())) && !this.withheld.contains(entry.getKey())) {
				outstanding.add(entry.getValue());
			}
		}
		return outstanding;
	}

	private Instant dueAt(String messageKey) {
		if (messageKey.equals("goodbye")) {
			return this.deadline;
		}
		return this.waves.stream()
			.filter((wave) -> wave.messageKey().equals(messageKey))
			.map(Wave::dueAt)
			.findFirst()
			.orElse(Instant.EPOCH);
	}

	private Map<String, Integer> copies() {
		Map<String, Integer> copies = new HashMap<>();
		for (Received message : this.platform.smtp().received()) {
			if (this.expected.containsKey(message.messageId())) {
				copies.merge(message.messageId(), 1, Integer::sum);
			}
		}
		return copies;
	}

	/**
	 * The state of each expected message in the notifier's delivery log, by Message-ID.
	 * By the ids the campaign started with: reminder-api forgets an erased subscriber.
	 */
	private Map<String, String> deliveryLog() {
		Map<String, String> states = new HashMap<>();
		this.database
			.queryPatiently(
					"select subscriber_id, message_key, state from notifier.delivery where message_key = any(?)",
					(row) -> Map.entry(MessageIds.of(row.getObject(1, UUID.class), row.getString(2)), row.getString(3)),
					(Object) messageKeys())
			.stream()
			.filter((entry) -> this.expected.containsKey(entry.getKey()))
			.forEach((entry) -> states.put(entry.getKey(), entry.getValue()));
		return states;
	}

	private String[] messageKeys() {
		List<String> keys = new ArrayList<>(List.of("welcome", "goodbye"));
		this.waves.forEach((wave) -> keys.add(wave.messageKey()));
		return keys.toArray(String[]::new);
	}

	/**
	 * The wave's key as reminder-api's demo names it: minutes when whole, else seconds.
	 */
	private static String key(Duration before) {
		return (before.toSecondsPart() == 0) ? before.toMinutes() + "m" : before.toSeconds() + "s";
	}

	record Wave(String key, Instant dueAt) {

		String messageKey() {
			return "wave:" + this.key;
		}

	}

	record Expected(UUID subscriberId, String messageKey) {

		@Override
		public String toString() {
			return this.messageKey + " to " + this.subscriberId;
		}

	}

	record Dispatch(String state, long sent) {

	}

	/** People signing up and clicking the link in their confirmation email. */
	private static final class Audience {

		/**
		 * A hundred sign-ups at once queue up in reminder-api on a loaded machine: each
		 * may wait its turn for longer than a visitor's usual 20 s.
		 */
		private static final Duration CROWD_TIMEOUT = Duration.ofSeconds(90);

		/**
		 * How long one visitor's request may take: with the machine at load 25 a
		 * confirmation took longer than 20 s.
		 */
		private static final Duration VISITOR_TIMEOUT = Duration.ofSeconds(60);

		private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

		private final Platform platform;

		private final String slug;

		Audience(Platform platform, String slug) {
			this.platform = platform;
			this.slug = slug;
		}

		void signUpAndConfirm(List<String> addresses, Random random, int signUpsOfFirst) {
			ExecutorService visitors = Executors.newFixedThreadPool(4);
			try {
				if (signUpsOfFirst > 1) {
					signUpAtOnce(addresses.get(0), signUpsOfFirst);
				}
				List<Future<?>> signUps = new ArrayList<>();
				for (String address : addresses.subList((signUpsOfFirst > 1) ? 1 : 0, addresses.size())) {
					String language = random.nextBoolean() ? "en" : "nl";
					signUps.add(visitors.submit(() -> signUp(address, language)));
				}
				for (Future<?> signUp : signUps) {
					signUp.get();
				}
				long started = System.nanoTime();
				System.out.printf("%d signed up%n", addresses.size());
				Set<String> waiting = ConcurrentHashMap.newKeySet();
				waiting.addAll(addresses);
				List<Future<?>> confirmations = new ArrayList<>();
				int seen = 0;
				long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
				while (!waiting.isEmpty()) {
					List<Received> received = this.platform.smtp().received();
					for (Received message : received.subList(seen, received.size())) {
						for (String recipient : message.recipients()) {
							if (waiting.remove(recipient)) {
								String token = token(message, "confirm");
								confirmations.add(visitors.submit(() -> confirm(token)));
							}
						}
					}
					seen = received.size();
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException(
								waiting.size() + " confirmation emails did not come\n" + this.platform.tails(30));
					}
					Service.sleep(20);
				}
				System.out.printf("%d confirmation emails in %d ms%n", addresses.size(),
						(System.nanoTime() - started) / 1_000_000);
				for (Future<?> confirmation : confirmations) {
					confirmation.get();
				}
				System.out.printf("%d confirmed%n", addresses.size());
			}
			catch (Exception ex) {
				throw new IllegalStateException("The audience could not sign up and confirm: " + ex.getMessage(), ex);
			}
			finally {
				visitors.shutdownNow();
			}
		}

		/**
		 * The same address signed up by {@code times} visitors released together; every
		 * one must get the same answer.
		 */
		private void signUpAtOnce(String address, int times) throws Exception {
			ExecutorService crowd = Executors.newFixedThreadPool(times);
			try {
				CountDownLatch ready = new CountDownLatch(times);
				CountDownLatch go = new CountDownLatch(1);
				List<Future<Void>> signUps = new ArrayList<>();
				for (int i = 0; i < times; i++) {
					signUps.add(crowd.submit(() -> {
						ready.countDown();
						go.await();
						return signUp(address, "nl", CROWD_TIMEOUT);
					}));
				}
				ready.await();
				go.countDown();
				for (Future<Void> signUp : signUps) {
					signUp.get();
				}
				System.out.printf("%s signed up %d times at once%n", address, times);
			}
			finally {
				crowd.shutdownNow();
			}
		}

		void follow(Service reminderApi, String action, String token) {
			try {
				HttpResponse<String> response = post(reminderApi, "/" + action, "application/x-www-form-urlencoded",
						"token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
				if (response.statusCode() != 200) {
					throw new IllegalStateException(action + " answered " + response.statusCode());
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		private Void signUp(String address, String language) throws Exception {
			return signUp(address, language, VISITOR_TIMEOUT);
		}

		private Void signUp(String address, String language, Duration timeout) throws Exception {
			HttpResponse<String> response = post("/api/v1/campaigns/" + this.slug + "/subscriptions",
					"application/json",
					"{\"email\":\"" + address + "\",\"language\":\"" + language + "\",\"consent\":true}", timeout);
			if (response.statusCode() != 202) {
				throw new IllegalStateException("Sign-up answered " + response.statusCode() + ": " + response.body());
			}
			return null;
		}

		private Void confirm(String token) throws Exception {
			HttpResponse<String> response = post("/confirm", "application/x-www-form-urlencoded",
					"token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
			if (response.statusCode() != 200) {
				throw new IllegalStateException("Confirming answered " + response.statusCode());
			}
			return null;
		}

		private HttpResponse<String> post(String path, String contentType, String body)
				throws IOException, InterruptedException {
			return post(path, contentType, body, VISITOR_TIMEOUT);
		}

		private HttpResponse<String> post(String path, String contentType, String body, Duration timeout)
				throws IOException, InterruptedException {
			return post(this.platform.reminderApi(), path, contentType, body, timeout);
		}

		private HttpResponse<String> post(Service reminderApi, String path, String contentType, String body)
				throws IOException, InterruptedException {
			return post(reminderApi, path, contentType, body, VISITOR_TIMEOUT);
		}

		private HttpResponse<String> post(Service reminderApi, String path, String contentType, String body,
				Duration timeout) throws IOException, InterruptedException {
			return this.http.send(HttpRequest.newBuilder(URI.create(reminderApi.url() + path))
				.header("Content-Type", contentType)
				.timeout(timeout)
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		}

		/** The token of the message's link to {@code /<action>}. */
		static String token(Received message, String action) {
			try {
				MimeMessage mime = new MimeMessage(Session.getInstance(new Properties()),
						new ByteArrayInputStream(message.data()));
				Matcher link = LINK.matcher(text(mime));
				while (link.find()) {
					if (link.group(1).equals(action)) {
						return link.group(2);
					}
				}
				throw new IllegalStateException("No " + action + " link in " + message.messageId());
			}
			catch (IllegalStateException ex) {
				throw ex;
			}
			catch (Exception ex) {
				throw new IllegalStateException("Cannot read " + message.messageId(), ex);
			}
		}

		private static String text(Part part) throws Exception {
			if (part.isMimeType("text/plain")) {
				return (String) part.getContent();
			}
			if (part.isMimeType("multipart/*")) {
				Multipart multipart = (Multipart) part.getContent();
				StringBuilder text = new StringBuilder();
				for (int i = 0; i < multipart.getCount(); i++) {
					BodyPart body = multipart.getBodyPart(i);
					text.append(text(body));
				}
				return text.toString();
			}
			return "";
		}

	}

}
