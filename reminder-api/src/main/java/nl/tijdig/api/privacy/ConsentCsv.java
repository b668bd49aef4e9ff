package nl.tijdig.api.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A campaign's proof of consent as CSV (RFC 4180): a row per subscriber, then a row per
 * erased subscriber's trace, which has days instead of moments and no address, id, status
 * or network. Rows go to the writer as PostgreSQL's cursor hands them over, a page at a
 * time, so a campaign of millions takes no more memory than one of ten.
 */
@Component
class ConsentCsv {

	static final String HEADER = "record,subscriber_id,email,status,consent_version,consent_language,consented,"
			+ "client_network,confirmed,signed_up,erased_on,erased_because";

	private static final int PAGE = 500;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate readOnly;

	ConsentCsv(DataSource dataSource, PlatformTransactionManager transactions) {
		this.jdbc = new JdbcTemplate(dataSource);
		// PostgreSQL's driver pages a result only inside a transaction; otherwise it
		// reads every row before handing over the first.
		this.jdbc.setFetchSize(PAGE);
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
	}

	void write(UUID campaignId, Writer out) {
		this.readOnly.executeWithoutResult((status) -> {
			line(out, HEADER);
			this.jdbc.query("""
					SELECT id, email, status, consent_version, consent_language, consented_at, consent_client_network,
					  confirmed_at, coalesce(created_at, consented_at) AS signed_up_at
					FROM subscriber WHERE campaign_id = ? ORDER BY signed_up_at, id
					""", (ResultSet rs) -> line(out, subscriber(rs)), campaignId);
			this.jdbc.query("""
					SELECT consent_version, consent_language, consented_on, confirmed_on, erased_on, erased_because
					FROM erased_consent WHERE campaign_id = ? ORDER BY erased_on, consented_on, confirmed_on
					""", (ResultSet rs) -> line(out, erased(rs)), campaignId);
		});
	}

	private static String subscriber(ResultSet rs) throws SQLException {
		return String.join(",", "subscriber", rs.getString("id"), field(rs.getString("email")), rs.getString("status"),
				field(rs.getString("consent_version")), text(rs.getString("consent_language")),
				instant(rs.getTimestamp("consented_at")), text(rs.getString("consent_client_network")),
				instant(rs.getTimestamp("confirmed_at")), instant(rs.getTimestamp("signed_up_at")), "", "");
	}

	private static String erased(ResultSet rs) throws SQLException {
		return String.join(",", "erased", "", "", "", field(rs.getString("consent_version")),
				text(rs.getString("consent_language")), text(rs.getString("consented_on")), "",
				text(rs.getString("confirmed_on")), "", text(rs.getString("erased_on")),
				rs.getString("erased_because"));
	}

	/**
	 * Quotes a value that needs it, and keeps a spreadsheet from reading one that starts
	 * like a formula as a formula (an address may start with {@code =} or {@code +}):
	 * such a value gets a leading apostrophe, which spreadsheets hide.
	 */
	static String field(String value) {
		if (value == null || value.isEmpty()) {
			return "";
		}
		String safe = ("=+-@\t\r".indexOf(value.charAt(0)) >= 0) ? "'" + value : value;
		if (safe.matches("(?s).*[\",\r\n].*")) {
			return "\"" + safe.replace("\"", "\"\"") + "\"";
		}
		return safe;
	}

	private static String text(String value) {
		return (value != null) ? value : "";
	}

	private static String instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant().toString() : "";
	}

	private static void line(Writer out, String line) {
		try {
			out.write(line);
			out.write("\r\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
