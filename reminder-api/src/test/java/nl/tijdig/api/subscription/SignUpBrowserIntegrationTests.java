package nl.tijdig.api.subscription;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import nl.tijdig.api.ReminderApiIntegrationTest;
import nl.tijdig.events.link.LinkPurpose;
import nl.tijdig.events.link.LinkSigner;
import nl.tijdig.testinfra.HeadlessChrome;

import static nl.tijdig.api.ReminderApiIntegrationTest.DEMO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-up as a person does it, in a real browser (headless Chromium), with the
 * keyboard where a person might: in Dutch, in English, with a mistake, and through the
 * confirmation.
 */
@ReminderApiIntegrationTest
class SignUpBrowserIntegrationTests {

	private static WebDriver browser;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	LinkSigner links;

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
	void signsUpInDutch() {
		String address = unique("nl");
		open("/c/" + DEMO + "?lang=nl");
		assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("nl");

		type(address);
		consentWithTheKeyboard();
		browser.findElement(By.id("email")).sendKeys(Keys.ENTER);

		awaitHeading("Kijk in je inbox");
		assertThat(stored(address)).isEqualTo("PENDING NL");
	}

	@Test
	void signsUpInEnglish() {
		String address = unique("en");
		open("/c/" + DEMO + "?lang=en");

		type(address);
		browser.findElement(By.cssSelector("input[name=language][value=en]")).click();
		consentWithTheKeyboard();
		browser.findElement(By.cssSelector("form button[type=submit]")).click();

		awaitHeading("Check your inbox");
		assertThat(stored(address)).isEqualTo("PENDING EN");
	}

	@Test
	void showsEachErrorNextToItsFieldAndLinksToIt() {
		open("/c/" + DEMO + "?lang=nl");
		type("niet-een-adres");
		browser.findElement(By.cssSelector("form button[type=submit]")).click();

		WebElement summary = browser.findElement(By.cssSelector(".error-summary[role=alert]"));
		assertThat(summary.getText()).contains("Vul een e-mailadres in zoals naam@voorbeeld.nl.")
			.contains("Vink het vakje aan");
		WebElement email = browser.findElement(By.id("email"));
		assertThat(email.getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(email.getAttribute("aria-describedby")).isEqualTo("email-error");
		assertThat(browser.findElement(By.id("email-error")).getText())
			.isEqualTo("Vul een e-mailadres in zoals naam@voorbeeld.nl.");
		assertThat(email.getAttribute("value")).as("what was typed is kept").isEqualTo("niet-een-adres");

		summary.findElement(By.cssSelector("a[href='#email']")).click();
		assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("email");
	}

	@Test
	void confirmsWithTheButtonOnTheLinksPage() {
		String address = unique("confirm");
		open("/c/" + DEMO + "?lang=en");
		type(address);
		consentWithTheKeyboard();
		browser.findElement(By.cssSelector("form button[type=submit]")).click();
		awaitHeading("Check your inbox");
		UUID subscriber = this.jdbc.sql("SELECT id FROM subscriber WHERE email = ?")
			.param(address)
			.query(UUID.class)
			.single();

		open("/confirm?token=" + this.links.sign(LinkPurpose.CONFIRM, subscriber, Instant.now().plusSeconds(600)));
		awaitHeading("Confirm your sign-up");
		assertThat(stored(address)).as("opening the link alone changes nothing").isEqualTo("PENDING EN");
		browser.findElement(By.cssSelector("form button[type=submit]")).click();

		awaitHeading("You're signed up");
		assertThat(browser.findElements(By.cssSelector("ol.steps li"))).hasSize(4);
		assertThat(stored(address)).isEqualTo("CONFIRMED EN");
	}

	private void open(String path) {
		browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
		browser.get("http://127.0.0.1:" + this.port + path);
	}

	private void type(String address) {
		WebElement email = browser.findElement(By.id("email"));
		email.clear();
		email.sendKeys(address);
	}

	/** Tab from the address to the consent box, past the language choice, and tick it. */
	private void consentWithTheKeyboard() {
		WebElement consent = browser.findElement(By.id("consent"));
		consent.sendKeys(Keys.SPACE);
		assertThat(consent.isSelected()).isTrue();
	}

	/** Waits for the page that a click leads to, instead of reading the one it leaves. */
	private static void awaitHeading(String expected) {
		new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
			.withMessage(() -> "heading '" + expected + "'")
			.until((driver) -> expected.equals(driver.findElement(By.tagName("h1")).getText()));
	}

	private String stored(String address) {
		return this.jdbc.sql("SELECT status || ' ' || language FROM subscriber WHERE email = ?")
			.param(address)
			.query(String.class)
			.single();
	}

	private static String unique(String prefix) {
		return "browser-" + prefix + "-" + UUID.randomUUID() + "@example.org";
	}

}
