package nl.tijdig.infrastructure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebInboxTests {

	@Test
	void textLinksAreClickableAndEverythingElseEscaped() {
		String linked = WebInbox.linked("Klaar? <b>https://tijdig.nl/done?t=a&b=\"c\"</b> or javascript:alert(1)");

		assertThat(linked).isEqualTo("Klaar? &lt;b&gt;<a href=\"https://tijdig.nl/done?t=a&amp;b=\" target=\"_blank\""
				+ " rel=\"noopener noreferrer\">https://tijdig.nl/done?t=a&amp;b=</a>&quot;c&quot;&lt;/b&gt;"
				+ " or javascript:alert(1)");
	}

}
