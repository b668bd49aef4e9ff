package nl.tijdig.api.subscription;

import java.util.HashMap;
import java.util.Map;

import org.flywaydb.core.api.configuration.FluentConfiguration;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.stereotype.Component;

import nl.tijdig.events.Topics;

/**
 * Gives the migrations the topic names they write outbox rows for, so that the contract
 * stays the only place a topic is spelled: {@code ${subscribers_topic}} in
 * {@code V8__one_subscriber_per_address.sql}.
 */
@Component
class MigrationPlaceholders implements FlywayConfigurationCustomizer {

	/** The placeholders, as a migration run outside the service must pass them too. */
	static final Map<String, String> PLACEHOLDERS = Map.of("subscribers_topic", Topics.SUBSCRIBERS);

	@Override
	public void customize(FluentConfiguration configuration) {
		Map<String, String> placeholders = new HashMap<>(configuration.getPlaceholders());
		placeholders.putAll(PLACEHOLDERS);
		configuration.placeholders(placeholders);
	}

}
