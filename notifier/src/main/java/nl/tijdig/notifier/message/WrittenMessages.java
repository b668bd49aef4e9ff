package nl.tijdig.notifier.message;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import nl.tijdig.events.Language;

/**
 * Messages written once for everybody who gets the same one: a wave's reminder differs
 * between its readers only in their links. A message is written with a stand-in for each
 * link, kept, and each reader's copy is the kept text with their links filled in.
 * Bounded: the least recently used message goes first.
 */
final class WrittenMessages {

	/**
	 * What stands in for link {@code i}: random per process, so that no campaign text can
	 * contain it, and only letters and digits, so that no escaping changes it.
	 */
	private final String standIn = "tijdiglink" + UUID.randomUUID().toString().replace("-", "");

	private final Map<Object, Written> written;

	WrittenMessages(int capacity) {
		this.written = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<Object, Written> eldest) {
				return size() > capacity;
			}

		};
	}

	/** The links the writer is to put where each reader's will go. */
	MessageLinks standIns() {
		return new MessageLinks(standIn(0), standIn(1), standIn(2), standIn(3), standIn(4));
	}

	/**
	 * @param key everything the message depends on but the reader's links
	 * @param write writes the message with {@link #standIns()} for links
	 */
	RenderedMessage get(Object key, MessageLinks links, Function<MessageLinks, RenderedMessage> write) {
		Written message;
		synchronized (this.written) {
			message = this.written.get(key);
		}
		if (message == null) {
			// Written outside the lock; two threads may both write it, the same text.
			message = new Written(write.apply(standIns()));
			synchronized (this.written) {
				this.written.put(key, message);
			}
		}
		return message.forReader(links);
	}

	private String standIn(int link) {
		return this.standIn + link + "x";
	}

	private final class Written {

		private final Language language;

		private final WrittenText subject;

		private final WrittenText text;

		private final WrittenText html;

		Written(RenderedMessage message) {
			this.language = message.language();
			this.subject = cut(message.subject(), false);
			this.text = cut(message.text(), false);
			this.html = cut(message.html(), true);
		}

		RenderedMessage forReader(MessageLinks links) {
			return new RenderedMessage(this.language, this.subject.fill(links), this.text, this.html, links);
		}

	}

	/** A text cut at its stand-ins: literal pieces, and which link comes after each. */
	private WrittenText cut(String text, boolean html) {
		List<String> pieces = new ArrayList<>();
		List<Integer> links = new ArrayList<>();
		int from = 0;
		int at = text.indexOf(this.standIn);
		while (at >= 0) {
			pieces.add(text.substring(from, at));
			links.add(text.charAt(at + this.standIn.length()) - '0');
			from = at + this.standIn.length() + 2;
			at = text.indexOf(this.standIn, from);
		}
		pieces.add(text.substring(from));
		return new WrittenText(pieces, links.stream().mapToInt(Integer::intValue).toArray(), html);
	}

}
