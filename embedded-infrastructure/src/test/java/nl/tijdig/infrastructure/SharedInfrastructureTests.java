package nl.tijdig.infrastructure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SharedInfrastructureTests {

	@Test
	void anUnknownKindIsRefusedWithTheKindsThereAre() {
		assertThatIllegalArgumentException().isThrownBy(() -> SharedInfrastructure.start("docker"))
			.withMessage("Unknown tijdig.infrastructure 'docker': use embedded");
	}

	@Test
	void containersWithoutTestInfrastructureSayWhatIsMissing() {
		// This module's tests do not see test-infrastructure, which provides the kind.
		assertThatIllegalArgumentException().isThrownBy(() -> SharedInfrastructure.start(" Containers "))
			.withMessageContaining("needs test-infrastructure and Testcontainers on the classpath: -Pcontainers");
	}

}
