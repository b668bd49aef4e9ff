package nl.tijdig.notifier.suppression;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The table {@code suppressed_address}: addresses the notifier writes to no more, by the
 * SHA-256 of the lower-cased address.
 */
@Repository
public class SuppressedAddresses {

	private final JdbcClient jdbc;

	private final Clock clock;

	SuppressedAddresses(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public boolean contains(String address) {
		return this.jdbc.sql("select count(*) from suppressed_address where address_hash = :hash")
			.param("hash", hash(address))
			.query(Integer.class)
			.single() > 0;
	}

	/**
	 * {@link #contains(String)} for many addresses in one query.
	 * @return those of the addresses that are suppressed
	 */
	public Set<String> suppressedAmong(Collection<String> addresses) {
		Map<String, String> byHash = new HashMap<>();
		for (String address : addresses) {
			byHash.put(hash(address), address);
		}
		Set<String> suppressed = new HashSet<>();
		if (byHash.isEmpty()) {
			return suppressed;
		}
		this.jdbc.sql("select address_hash from suppressed_address where address_hash in (:hashes)")
			.param("hashes", byHash.keySet())
			.query((RowCallbackHandler) (rs) -> suppressed.add(byHash.get(rs.getString(1))));
		return suppressed;
	}

	/**
	 * Suppresses an address; the first reason stays.
	 * @param reason short, without personal data
	 * @param source where the verdict came from: {@code smtp} or {@code bounce}
	 */
	public void add(String address, String reason, String source) {
		this.jdbc.sql("""
				insert into suppressed_address (address_hash, reason, source, suppressed_at)
				values (:hash, :reason, :source, :now)
				on conflict (address_hash) do nothing
				""")
			.param("hash", hash(address))
			.param("reason", reason)
			.param("source", source)
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
	}

	/**
	 * Writes to an address again.
	 * @return whether it was suppressed
	 */
	public boolean remove(String address) {
		return this.jdbc.sql("delete from suppressed_address where address_hash = :hash")
			.param("hash", hash(address))
			.update() > 0;
	}

	static String hash(String address) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(address.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
