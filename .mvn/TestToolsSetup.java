import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes sure the tests have the programs they drive before the build spends minutes on
 * the modules ahead of them: Chromium and ChromeDriver for the browser tests, kubectl for
 * deploy-check (which renders deploy/ with {@code kubectl kustomize}). The root POM runs
 * this with {@code java .mvn/TestToolsSetup.java} (a JDK runs a single source file as it
 * is), so it needs nothing but the JDK.
 *
 * <p>
 * Arguments: the Chromium binary, the ChromeDriver binary, the build's log directory, then
 * the build's {@code skipTests}, {@code skipITs} and {@code maven.test.skip}. The browser
 * serves only integration tests, kubectl a unit test: when {@code skipTests} or
 * {@code maven.test.skip} is {@code true} neither is needed, when {@code skipITs} is, no
 * browser. Where everything needed exists, it prints nothing. Where something is missing
 * on a Debian-like machine and it may install packages (root, or sudo without a
 * password), it installs Debian's {@code chromium} and {@code chromium-driver}, or
 * {@code kubernetes-client}. Otherwise it stops the build with one line saying what to
 * install.
 */
public class TestToolsSetup {

	public static void main(String[] args) throws Exception {
		File browser = new File(args[0]);
		File driver = new File(args[1]);
		Path logDirectory = Path.of(args[2]);
		Files.createDirectories(logDirectory);
		Path ready = logDirectory.resolve("test-tools-setup.ready");
		Files.deleteIfExists(ready);
		boolean noTests = "true".equals(args[3]) || "true".equals(args[5]);
		boolean needsBrowser = !noTests && !"true".equals(args[4]) && !browserInstalled(browser, driver);
		boolean needsKubectl = !noTests && !kubectlInstalled();
		if (!needsBrowser && !needsKubectl) {
			Files.createFile(ready);
			return;
		}
		List<String> packages = new ArrayList<>();
		if (needsBrowser) {
			if (!isDebianPath(browser, driver)) {
				explain(missingBrowser(browser, driver, needsKubectl));
				return;
			}
			packages.addAll(List.of("chromium", "chromium-driver"));
		}
		if (needsKubectl) {
			packages.add("kubernetes-client");
		}
		List<String> privilege = privilege();
		if (new File("/usr/bin/apt-get").canExecute() && privilege != null) {
			System.out.println("Installing Debian's " + String.join(", ", packages) + " for the tests (once)...");
			Path log = logDirectory.resolve("test-tools-setup.log");
			List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q"));
			install.addAll(packages);
			boolean done = run(privilege, log, "apt-get", "update", "-q") && run(privilege, log, install);
			if (done && (!needsBrowser || browserInstalled(browser, driver)) && (!needsKubectl || kubectlInstalled())) {
				Files.createFile(ready);
				return;
			}
			explain("Installing " + String.join(", ", packages) + " with apt-get failed (see " + log
					+ "); install them and run the build again.");
			return;
		}
		explain(needsBrowser ? missingBrowser(browser, driver, needsKubectl)
				: "deploy-check renders deploy/ with kubectl: install it with 'sudo apt-get install kubernetes-client'"
						+ " (Debian) or any kubectl 1.20 or newer on the PATH.");
	}

	private static String missingBrowser(File browser, File driver, boolean needsKubectl) {
		return "The browser tests need Chromium at " + browser + " and ChromeDriver at " + driver
				+ ": install them with 'sudo apt-get install chromium chromium-driver' (Debian), or point"
				+ " -Dtijdig.chromium=... -Dtijdig.chromedriver=... at a Chromium and a matching ChromeDriver"
				+ (needsKubectl ? "; deploy-check also needs kubectl ('sudo apt-get install kubernetes-client')." : ".");
	}

	private static boolean browserInstalled(File browser, File driver) {
		return browser.canExecute() && driver.canExecute();
	}

	private static boolean kubectlInstalled() {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (new File(directory, "kubectl").canExecute()) {
				return true;
			}
		}
		return false;
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
		return run(privilege, log, List.of(command));
	}

	private static boolean run(List<String> privilege, Path log, List<String> command)
			throws IOException, InterruptedException {
		List<String> line = new ArrayList<>(privilege);
		line.addAll(List.of("env", "DEBIAN_FRONTEND=noninteractive"));
		line.addAll(command);
		Process process = new ProcessBuilder(line).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		return process.waitFor() == 0;
	}

	private static void explain(String line) {
		System.out.println("[ERROR] " + line);
	}

}
