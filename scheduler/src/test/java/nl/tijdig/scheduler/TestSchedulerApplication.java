package nl.tijdig.scheduler;

import nl.tijdig.infrastructure.Infrastructure;
import nl.tijdig.infrastructure.InfrastructureInitializer;

/**
 * Runs the scheduler from the IDE on the {@link Infrastructure#shared() shared embedded
 * Kafka and PostgreSQL}, started in this JVM on free ports: no local stack needed.
 */
public final class TestSchedulerApplication {

	private TestSchedulerApplication() {
	}

	public static void main(String[] args) {
		SchedulerApplication.builder().initializers(new InfrastructureInitializer()).run(args);
	}

}
