package nl.tijdig.infrastructure;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The messages the SMTP server received, oldest first, kept in memory. Past
 * {@value #CAPACITY} messages the oldest go, as Mailpit keeps a bounded number, so a
 * long-running local stack does not grow without end.
 */
final class MailStore {

	static final int CAPACITY = EmbeddedMailServer.CAPACITY;

	static final String LATEST = "latest";

	private static final char[] ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		.toCharArray();

	private static final int ID_LENGTH = 22;

	private final SecureRandom random = new SecureRandom();

	private final Map<String, ReceivedMail> messages = new LinkedHashMap<>();

	ReceivedMail add(byte[] raw) {
		ReceivedMail mail = ReceivedMail.of(newId(), Instant.now(), raw);
		synchronized (this) {
			this.messages.put(mail.id(), mail);
			Iterator<String> oldest = this.messages.keySet().iterator();
			while (this.messages.size() > CAPACITY) {
				oldest.next();
				oldest.remove();
			}
		}
		return mail;
	}

	synchronized List<ReceivedMail> newestFirst() {
		List<ReceivedMail> newestFirst = new ArrayList<>(this.messages.values());
		Collections.reverse(newestFirst);
		return newestFirst;
	}

	/**
	 * Finds a message by its ID, or the newest for {@value #LATEST}, as Mailpit does.
	 * @param id the ID
	 * @return the message, if there is one
	 */
	synchronized Optional<ReceivedMail> find(String id) {
		if (LATEST.equals(id)) {
			return this.messages.values().stream().reduce((older, newer) -> newer);
		}
		return Optional.ofNullable(this.messages.get(id));
	}

	synchronized void deleteAll() {
		this.messages.clear();
	}

	// Random and URL-safe like Mailpit's IDs, so nothing can rely on them being
	// sequential.
	private String newId() {
		char[] id = new char[ID_LENGTH];
		for (int i = 0; i < id.length; i++) {
			id[i] = ID_ALPHABET[this.random.nextInt(ID_ALPHABET.length)];
		}
		return new String(id);
	}

}
