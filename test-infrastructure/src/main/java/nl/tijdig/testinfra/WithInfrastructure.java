package nl.tijdig.testinfra;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import nl.tijdig.infrastructure.InfrastructureInitializer;

import org.springframework.test.context.ContextConfiguration;

/**
 * Runs a Spring test against the real servers of the {@link Infrastructure#shared()
 * shared infrastructure}: Kafka, PostgreSQL and SMTP on free ports, started once per JVM.
 *
 * <pre class="code">
 * &#064;SpringBootTest
 * &#064;WithInfrastructure
 * class SignUpIntegrationTests {
 *     // Infrastructure.shared().mail() reads the mail the application sent
 * }
 * </pre>
 *
 * It is {@code @ContextConfiguration(initializers = InfrastructureInitializer.class)}: a
 * test class that declares its own {@code @ContextConfiguration} adds the initializer
 * there instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ContextConfiguration(initializers = InfrastructureInitializer.class)
public @interface WithInfrastructure {

}
