package nl.tijdig.notifier.message;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import nl.tijdig.events.Language;

import org.springframework.web.util.HtmlUtils;

/**
 * Messages written once for everybody who gets the same one: a wave's reminder differs
 * between its readers only in their links. A message is written with a stand-in for each
 * link, kept, and each reader's copy is the kept text with their links filled in.
 * Bounded: the least recently used message goes first.
 */
final class WrittenMessages {

	private static final int LINKS = 5;

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

		private final Text subject;

		private final Text text;

		private final Text html;

		Written(RenderedMessage message) {
			this.language = message.language();
			this.subject = new Text(message.subject());
			this.text = new Text(message.text());
			this.html = new Text(message.html());
		}

		RenderedMessage forReader(MessageLinks links) {
			String[] raw = { links.confirm(), links.unsubscribe(), links.done(), links.forget(), links.export() };
			String[] escaped = new String[LINKS];
			for (int i = 0; i < LINKS; i++) {
				escaped[i] = HtmlUtils.htmlEscape(raw[i]);
			}
			return new RenderedMessage(this.language, this.subject.fill(raw), this.text.fill(raw),
					this.html.fill(escaped), links);
		}

	}

	/** A text cut at its stand-ins: literal pieces, and which link comes after each. */
	private final class Text {

		private final List<String> pieces = new ArrayList<>();

		private final List<Integer> links = new ArrayList<>();

		private final int length;

		Text(String text) {
			String standIn = WrittenMessages.this.standIn;
			int from = 0;
			int at = text.indexOf(standIn);
			while (at >= 0) {
				this.pieces.add(text.substring(from, at));
				this.links.add(text.charAt(at + standIn.length()) - '0');
				from = at + standIn.length() + 2;
				at = text.indexOf(standIn, from);
			}
			this.pieces.add(text.substring(from));
			this.length = text.length();
		}

		String fill(String[] links) {
			StringBuilder filled = new StringBuilder(this.length + 256 * this.links.size());
			for (int i = 0; i < this.links.size(); i++) {
				filled.append(this.pieces.get(i)).append(links[this.links.get(i)]);
			}
			return filled.append(this.pieces.get(this.links.size())).toString();
		}

	}

}
