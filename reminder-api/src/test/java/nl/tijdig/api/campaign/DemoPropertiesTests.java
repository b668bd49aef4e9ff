package nl.tijdig.api.campaign;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DemoPropertiesTests {

	@Test
	void refusesToEraseTheDemosSubscribersBeforeItsDeadline() {
		assertThatIllegalArgumentException().isThrownBy(() -> demo(Duration.ofMinutes(-1)))
			.withMessageContaining("tijdig.demo.keep-data-for");
	}

	@Test
	void letsTheDemoEraseRightAtItsDeadlineToShowTheErasure() {
		assertThat(demo(Duration.ZERO).keepDataFor()).isZero();
	}

	private static DemoProperties demo(Duration keepDataFor) {
		return new DemoProperties(true, "demo", Duration.ofMinutes(15), List.of(Duration.ofMinutes(3)),
				"linkedin-ai-training", keepDataFor);
	}

}
