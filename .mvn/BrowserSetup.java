import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes sure the browser tests have a browser before the build spends minutes on the
 * modules ahead of them. The root POM runs this with {@code java .mvn/BrowserSetup.java}
 * (a JDK runs a single source file as it is), so it needs nothing but the JDK.
 *
 * <p>
 * Arguments: the Chromium binary, the ChromeDriver binary, the build's log directory, then
 * the build's {@code skipTests}, {@code skipITs} and {@code maven.test.skip}: when one is
 * {@code true}, no test needs a browser. Where both binaries exist, it prints nothing. Where they are missing on a Debian-like machine and
 * it may install packages (root, or sudo without a password), it installs Debian's
 * {@code chromium} and {@code chromium-driver}. Otherwise it stops the build with one line
 * saying what to install.
 */
public class BrowserSetup {

	private static final List<String> PACKAGES = List.of("chromium", "chromium-driver");

	public static void main(String[] args) throws Exception {
		File browser = new File(args[0]);
		File driver = new File(args[1]);
		Path logDirectory = Path.of(args[2]);
		Files.createDirectories(logDirectory);
		Path ready = logDirectory.resolve("browser-setup.ready");
		Files.deleteIfExists(ready);
		if (installed(browser, driver) || List.of(args).subList(3, args.length).contains("true")) {
			Files.createFile(ready);
			return;
		}
		List<String> privilege = privilege();
		if (new File("/usr/bin/apt-get").canExecute() && privilege != null && isDebianPath(browser, driver)) {
			System.out.println("Installing Debian's chromium and chromium-driver for the browser tests (once)...");
			Path log = logDirectory.resolve("browser-setup.log");
			boolean done = run(privilege, log, "apt-get", "update", "-q")
					&& run(privilege, log, "apt-get", "install", "-y", "-q", PACKAGES.get(0), PACKAGES.get(1));
			if (done && installed(browser, driver)) {
				Files.createFile(ready);
				return;
			}
			explain("Installing chromium and chromium-driver with apt-get failed (see " + log + "); install them and run the build again.");
		}
		explain("The browser tests need Chromium at " + browser + " and ChromeDriver at " + driver
				+ ": install them with 'sudo apt-get install chromium chromium-driver' (Debian), or point"
				+ " -Dtijdig.chromium=... -Dtijdig.chromedriver=... at a Chromium and a matching ChromeDriver.");
	}

	private static boolean installed(File browser, File driver) {
		return browser.canExecute() && driver.canExecute();
	}

	/** Debian's packages put the binaries in these places; other places are the user's own. */
	private static boolean isDebianPath(File browser, File driver) {
		return browser.getPath().equals("/usr/lib/chromium/chromium") && driver.getPath().equals("/usr/bin/chromedriver");
	}

	/** The prefix that lets this process install packages, or null where it may not. */
	private static List<String> privilege() throws InterruptedException {
		if ("root".equals(System.getProperty("user.name"))) {
			return List.of();
		}
		try {
			Process sudo = new ProcessBuilder("sudo", "-n", "true").redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			return (sudo.waitFor() == 0) ? List.of("sudo", "-n") : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static boolean run(List<String> privilege, Path log, String... command)
			throws IOException, InterruptedException {
		List<String> line = new ArrayList<>(privilege);
		line.addAll(List.of("env", "DEBIAN_FRONTEND=noninteractive"));
		line.addAll(List.of(command));
		Process process = new ProcessBuilder(line).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		return process.waitFor() == 0;
	}

	private static void explain(String line) {
		System.out.println("[ERROR] " + line);
	}

}
