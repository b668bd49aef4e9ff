package nl.tijdig.scheduler;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import nl.tijdig.testinfra.WithInfrastructure;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The scheduler on the shared embedded Kafka and PostgreSQL, on a free port. Every
 * integration test uses exactly this, so they all share one cached application context:
 * Quartz keeps its schedulers in a JVM-wide registry by name, and a second context would
 * find {@code tijdig-scheduler} taken.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
// Pages of 50, so that the fan-outs of a few hundred subscribers in these tests keep a
// page in flight while they send the next, as the default 5000 does at full size.
@SpringBootTest(properties = { "spring.config.name=scheduler", "tijdig.fanout.batch-size=50" },
		webEnvironment = WebEnvironment.RANDOM_PORT)
@WithInfrastructure
public @interface SchedulerIntegrationTest {

}
