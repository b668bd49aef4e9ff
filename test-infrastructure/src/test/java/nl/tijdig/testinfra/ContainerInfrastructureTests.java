package nl.tijdig.testinfra;

import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;

import nl.tijdig.infrastructure.Infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerInfrastructureTests {

	@Test
	void containersAreAKindThatSharedInfrastructureFinds() {
		// Found without starting anything: starting needs a Docker engine.
		assertThat(ServiceLoader.load(Infrastructure.Kind.class)).extracting(Infrastructure.Kind::name)
			.containsExactly(Infrastructure.CONTAINERS);
	}

}
