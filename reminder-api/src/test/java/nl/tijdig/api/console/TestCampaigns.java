package nl.tijdig.api.console;

import java.net.http.HttpResponse;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import nl.tijdig.testinfra.ConsoleClient;

import static org.assertj.core.api.Assertions.assertThat;

/** A valid campaign form, with a slug of its own, for tests to send or spoil. */
public final class TestCampaigns {

	private TestCampaigns() {
	}

	public static String slug(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	public static Map<String, String> form(String slug) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("slug", slug);
		form.put("platform", "ExampleNet");
		form.put("deadline",
				LocalDateTime.now(ZoneId.of("Europe/Amsterdam"))
					.plusDays(20)
					.truncatedTo(ChronoUnit.MINUTES)
					.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")));
		form.put("timeZone", "Europe/Amsterdam");
		form.put("waves", "14d 09:00\r\n7d 09:00\r\n3h");
		form.put("keepDataDays", "30");
		for (String language : new String[] { "nl", "en" }) {
			form.put(language + "Title", "Title " + language);
			form.put(language + "Summary", "Summary " + language + "\r\nwith a second line");
			form.put(language + "Steps", "Open the settings\r\n\r\nSwitch it off");
			form.put(language + "SettingUrl", "https://example.net/settings/ai");
			form.put(language + "Risks", "Risk one\r\nRisk two");
			form.put(language + "Coverage", "Profile and posts");
		}
		return form;
	}

	/** Creates a draft with the operator's session and answers its id. */
	public static UUID create(ConsoleClient operator, String slug) {
		operator.get("/admin/campaigns/new");
		HttpResponse<String> response = operator.post("/admin/campaigns", form(slug));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
		String location = response.headers().firstValue("Location").orElseThrow();
		UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
		operator.get("/admin/campaigns/" + id);
		return id;
	}

}
