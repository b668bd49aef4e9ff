package nl.tijdig.api.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.web.server.LocalServerPort;

import nl.tijdig.api.ReminderApiIntegrationTest;
import nl.tijdig.events.Topics;
import nl.tijdig.testinfra.HeadlessChrome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator's round in a real browser (headless Chromium): log in, define a campaign,
 * publish it, and watch the dashboard count a sign-up without reloading the page. The
 * sign-up travels the real way: outbox, {@code tijdig.subscribers}, the read model.
 */
@ReminderApiIntegrationTest
class ConsoleBrowserIntegrationTests {

	private static WebDriver browser;

	@LocalServerPort
	int port;

	@BeforeAll
	static void startBrowser() {
		assertThat(HeadlessChrome.isInstalled()).as(HeadlessChrome.whatIsMissing()).isTrue();
		browser = HeadlessChrome.start();
	}

	@AfterAll
	static void quitBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void logsInCreatesAndPublishesACampaignAndWatchesASignUpArrive() throws Exception {
		browser.get(url("/admin/campaigns?lang=en"));
		assertThat(browser.getCurrentUrl()).endsWith("/admin/login");
		browser.findElement(By.id("username")).sendKeys("operator");
		browser.findElement(By.id("password")).sendKeys("operator-secret");
		browser.findElement(By.cssSelector("form button[type=submit]")).click();
		awaitHeading("Campaigns");

		browser.findElement(By.linkText("New campaign")).click();
		awaitHeading("New campaign");
		String slug = TestCampaigns.slug("browser");
		Map<String, String> form = TestCampaigns.form(slug);
		form.forEach(this::fill);
		browser.findElement(By.id("save")).click();

		awaitHeading(slug);
		assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("Draft");
		browser.findElement(By.id("publish")).click();
		wait(Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.id("status"), "Published"));
		WebElement signedUp = browser.findElement(By.cssSelector("[data-number='funnel.signedUp']"));
		assertThat(signedUp.getText()).isEqualTo("0");

		signUp(slug);

		wait(Duration.ofSeconds(60)).until(ExpectedConditions.textToBePresentInElement(signedUp, "1"));
		assertThat(browser.findElement(By.cssSelector("[data-number='funnel.signedUp']")))
			.as("the same cell, updated without a reload")
			.isEqualTo(signedUp);
		// The consumer lag's rows are built anew from each answer.
		WebElement consumers = browser.findElement(By.cssSelector("#consumers tbody"));
		wait(Duration.ofSeconds(10)).until(ExpectedConditions.stalenessOf(consumers));
		// The table may be replaced between finding it and reading it: look again then.
		wait(Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class).until((driver) -> {
			String lags = driver.findElement(By.cssSelector("#consumers tbody")).getText();
			return lags.contains("tijdig-reminder-api " + Topics.SUBSCRIBERS) && lags.contains("tijdig-notifier");
		});
		// uPlot, from its webjar, draws the funnel over time once there is something
		// to draw.
		wait(Duration.ofSeconds(10))
			.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#funnel-chart canvas")));
		Path screenshot = Path.of("target", "console-dashboard.png");
		Files.write(screenshot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
	}

	private void fill(String field, String value) {
		WebElement element = browser.findElement(By.id(field));
		if ("select".equals(element.getTagName())) {
			return;
		}
		if ("datetime-local".equals(element.getAttribute("type"))) {
			// Typing into a date-time control depends on the browser's locale; a person
			// picks from its calendar, which WebDriver cannot.
			((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", element, value);
			return;
		}
		element.clear();
		element.sendKeys(value.replace("\r\n", "\n"));
	}

	private void signUp(String slug) throws Exception {
		String address = "browser-" + UUID.randomUUID() + "@example.org";
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url("/api/v1/campaigns/" + slug + "/subscriptions")))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"email\":\"" + address + "\",\"language\":\"en\",\"consent\":true}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(202);
	}

	private void awaitHeading(String text) {
		wait(Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.tagName("h1"), text));
	}

	private static WebDriverWait wait(Duration timeout) {
		return new WebDriverWait(browser, timeout);
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

}
