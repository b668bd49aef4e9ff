package nl.tijdig.notifier;

import nl.tijdig.infrastructure.Infrastructure;
import nl.tijdig.infrastructure.InfrastructureInitializer;

/**
 * Runs the notifier from the IDE against the shared test infrastructure: real Kafka,
 * PostgreSQL and SMTP on free ports, started in this JVM. The received mail is in the web
 * inbox whose address is logged at start.
 */
public final class TestNotifierApplication {

	private TestNotifierApplication() {
	}

	public static void main(String[] args) {
		NotifierApplication.builder().initializers(new InfrastructureInitializer()).run(args);
		System.out.println("Mail sent by the notifier: " + Infrastructure.shared().mailApiUrl());
	}

}
