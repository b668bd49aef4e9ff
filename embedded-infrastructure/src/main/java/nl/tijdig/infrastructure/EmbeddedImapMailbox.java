package nl.tijdig.infrastructure;

import java.io.ByteArrayInputStream;
import java.util.Properties;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * One IMAP mailbox (GreenMail) that a service polls, such as the address a relay mails
 * its bounces and complaints to. Tests put messages into it as a relay would have and
 * watch the service empty it. It runs in-process on the loopback interface in either kind
 * of infrastructure: IMAP is no part of the mail catcher the containers run.
 */
public final class EmbeddedImapMailbox implements AutoCloseable {

	private static final String HOST = "127.0.0.1";

	private final GreenMail imap;

	private final GreenMailUser user;

	private final String password;

	private EmbeddedImapMailbox(GreenMail imap, GreenMailUser user, String password) {
		this.imap = imap;
		this.user = user;
		this.password = password;
	}

	/**
	 * Starts the server on a free port with one mailbox.
	 * @param address the mailbox's address, also its login
	 * @param password its password
	 * @return the running server
	 */
	public static EmbeddedImapMailbox start(String address, String password) {
		QuietLogging.apply();
		GreenMail imap = new GreenMail(new ServerSetup(0, HOST, ServerSetup.PROTOCOL_IMAP));
		imap.start();
		return new EmbeddedImapMailbox(imap, imap.setUser(address, address, password), password);
	}

	public String host() {
		return HOST;
	}

	public int port() {
		return this.imap.getImap().getPort();
	}

	public String username() {
		return this.user.getLogin();
	}

	public String password() {
		return this.password;
	}

	/** Puts a message into the inbox, as received. */
	public void deliver(byte[] raw) {
		try {
			this.user.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)));
		}
		catch (MessagingException ex) {
			throw new IllegalArgumentException("Not a message: " + ex.getMessage(), ex);
		}
	}

	/** How many messages the inbox holds; one deleted and expunged is gone. */
	public int messageCount() {
		try {
			return this.imap.getManagers().getImapHostManager().getInbox(this.user).getMessageCount();
		}
		catch (FolderException ex) {
			throw new IllegalStateException("The inbox cannot be read", ex);
		}
	}

	@Override
	public void close() {
		this.imap.stop();
	}

}
