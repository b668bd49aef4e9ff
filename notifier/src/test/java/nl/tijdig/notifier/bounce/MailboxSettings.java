package nl.tijdig.notifier.bounce;

import nl.tijdig.infrastructure.EmbeddedImapMailbox;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points the notifier's bounce mailbox at a test's IMAP mailbox, read often so that a
 * test waits for a report for less than a second.
 */
final class MailboxSettings {

	private MailboxSettings() {
	}

	static void register(DynamicPropertyRegistry registry, EmbeddedImapMailbox mailbox) {
		registry.add("tijdig.notifier.bounces.mailbox.host", mailbox::host);
		registry.add("tijdig.notifier.bounces.mailbox.port", mailbox::port);
		registry.add("tijdig.notifier.bounces.mailbox.ssl", () -> "false");
		registry.add("tijdig.notifier.bounces.mailbox.username", mailbox::username);
		registry.add("tijdig.notifier.bounces.mailbox.password", mailbox::password);
		registry.add("tijdig.notifier.bounces.mailbox.poll-every", () -> "300ms");
	}

}
