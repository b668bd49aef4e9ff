package nl.tijdig.notifier.suppression;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import nl.tijdig.events.privacy.KeyedHash;

/**
 * The table {@code suppressed_address}: addresses the notifier writes to no more, by the
 * HMAC-SHA256 of the lower-cased address under {@code tijdig.privacy.hash-key}, so that
 * the table confirms no guessed address to whoever reads it without the key.
 */
@Repository
public class SuppressedAddresses {

	private final JdbcClient jdbc;

	private final Clock clock;

	private final KeyedHash hashes;

	SuppressedAddresses(JdbcClient jdbc, Clock clock, KeyedHash hashes) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.hashes = hashes;
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
	 * @param source where the verdict came from: {@code smtp}, {@code bounce} or
	 * {@code complaint}
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

	/**
	 * The key the list keeps an address under, for a statement of another feature that
	 * asks, with its own change, whether the address is on the list:
	 * {@code exists (select 1 from suppressed_address where address_hash = ?)}.
	 */
	public String keyOf(String address) {
		return hash(address);
	}

	private String hash(String address) {
		return this.hashes.ofAddress(address);
	}

}
