package nl.tijdig.notifier.suppression;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

import org.springframework.stereotype.Component;

import nl.tijdig.events.privacy.KeyedHash;

/**
 * Migration 8: the suppression list moves from the bare SHA-256 of each lower-cased
 * address to its HMAC under {@code tijdig.privacy.hash-key}. A hash cannot be turned into
 * another, so the addresses come from the notifier's subscribers ({@code recipient}): a
 * row whose SHA-256 matches one of them is re-keyed, with its reason, source and time.
 * The rows left belong to addresses the notifier no longer holds (erased subscribers):
 * they are deleted, as a bare SHA-256 names its address to anyone who guesses it. Such an
 * address, should it sign up again, is suppressed again by its next refusal or bounce.
 * <p>
 * Java rather than SQL as only the service has the key; Spring Boot hands this bean to
 * Flyway, which runs it in one transaction after {@code V7}.
 */
@Component
class SuppressionRekeying implements JavaMigration {

	private static final Log logger = LogFactory.getLog(SuppressionRekeying.class);

	private static final int FETCH_SIZE = 1000;

	private final KeyedHash hashes;

	SuppressionRekeying(KeyedHash hashes) {
		this.hashes = hashes;
	}

	@Override
	public MigrationVersion getVersion() {
		return MigrationVersion.fromVersion("8");
	}

	@Override
	public String getDescription() {
		return "keyed suppression hashes";
	}

	@Override
	public Integer getChecksum() {
		return null;
	}

	@Override
	public boolean canExecuteInTransaction() {
		return true;
	}

	@Override
	public void migrate(Context context) throws Exception {
		Connection connection = context.getConnection();
		Set<String> bare = new HashSet<>();
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select address_hash from suppressed_address")) {
			while (rows.next()) {
				bare.add(rows.getString(1));
			}
		}
		if (bare.isEmpty()) {
			return;
		}
		Set<String> unmatched = new HashSet<>(bare);
		try (PreparedStatement recipients = connection.prepareStatement("select distinct email from recipient");
				PreparedStatement insert = connection.prepareStatement("""
						insert into suppressed_address (address_hash, reason, source, suppressed_at)
						select ?, reason, source, suppressed_at from suppressed_address where address_hash = ?
						on conflict (address_hash) do nothing
						""")) {
			// Streams the recipients rather than holding them all (a cursor, in the
			// transaction Flyway has opened).
			recipients.setFetchSize(FETCH_SIZE);
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			try (ResultSet rows = recipients.executeQuery()) {
				while (rows.next()) {
					String address = rows.getString(1);
					String old = HexFormat.of()
						.formatHex(sha256
							.digest(address.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
					if (unmatched.remove(old)) {
						insert.setString(1, this.hashes.ofAddress(address));
						insert.setString(2, old);
						insert.addBatch();
					}
				}
			}
			insert.executeBatch();
		}
		try (PreparedStatement delete = connection
			.prepareStatement("delete from suppressed_address where address_hash = any (?)")) {
			delete.setArray(1, connection.createArrayOf("text", bare.toArray()));
			delete.executeUpdate();
		}
		logger.info("Suppression list re-keyed: " + (bare.size() - unmatched.size())
				+ " addresses kept under the hash key, " + unmatched.size()
				+ " of addresses no subscriber has any more dropped");
	}

}
