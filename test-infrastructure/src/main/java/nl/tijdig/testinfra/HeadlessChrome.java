package nl.tijdig.testinfra;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, driven by Debian's ChromeDriver, headless. Both paths are given
 * explicitly so Selenium Manager never tries to download a browser or a driver; the
 * machine has no network beyond its package registries. The system properties
 * {@code tijdig.chromium} and {@code tijdig.chromedriver} (set by the root POM, where the
 * build also installs the packages) point at another pair.
 */
public final class HeadlessChrome {

	/** Where Debian's {@code chromium} and {@code chromium-driver} packages put them. */
	public static final String BROWSER = System.getProperty("tijdig.chromium", "/usr/lib/chromium/chromium");

	public static final String DRIVER = System.getProperty("tijdig.chromedriver", "/usr/bin/chromedriver");

	private HeadlessChrome() {
	}

	/** Whether the packages are installed; the build installs them where it may. */
	public static boolean isInstalled() {
		return new File(BROWSER).canExecute() && new File(DRIVER).canExecute();
	}

	/** What a browser test says when there is no browser: what to install, and how. */
	public static String whatIsMissing() {
		return "Chromium at " + BROWSER + " and ChromeDriver at " + DRIVER
				+ " (sudo apt-get install chromium chromium-driver; ./mvnw verify installs them when run as root)";
	}

	/** A new browser with a profile of its own; quit it when done. */
	public static ChromeDriver start() {
		Path profile;
		try {
			profile = Files.createTempDirectory("tijdig-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions().setBinary(BROWSER)
			.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--disable-dev-shm-usage", "--window-size=1000,1400", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		return driver;
	}

}
