import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Makes sure the tests have the programs they drive before the build spends minutes on
 * the modules ahead of them: Chromium and ChromeDriver for the browser tests; libfaketime
 * for the system test that runs a service with its clock set back; kubectl and
 * docker-compose for deploy-check, which renders deploy/ with {@code kubectl kustomize} and
 * checks docker-compose.yml with {@code docker-compose config}. The root POM runs this with
 * {@code java .mvn/TestToolsSetup.java} (a JDK runs a single source file as it is), so it
 * needs nothing but the JDK.
 *
 * <p>
 * Arguments: the Chromium binary, the ChromeDriver binary, the build's log directory, then
 * the build's {@code skipTests}, {@code skipITs} and {@code maven.test.skip}. The browser
 * serves only integration tests, the other two a unit test: when {@code skipTests} or
 * {@code maven.test.skip} is {@code true} none is needed, when {@code skipITs} is, no
 * browser. Where everything needed exists, it prints nothing. Where something is missing
 * on a Debian-like machine and it may install packages (root, or sudo without a
 * password), it installs Debian's packages for it. Otherwise it prints one line saying what
 * to install. It leaves {@code test-tools-setup.ready} in the log directory when the tests
 * can run; the enforcer rule after it stops the build where that file is missing (an exit
 * code here would stop it with a stack trace instead).
 */
public class TestToolsSetup {

	/** A program the tests drive, the Debian packages that bring it, and how else to get it. */
	record Tool(String name, BooleanSupplier present, List<String> packages, String otherwise) {
	}

	public static void main(String[] args) throws Exception {
		File browser = new File(args[0]);
		File driver = new File(args[1]);
		Path logDirectory = Path.of(args[2]);
		Files.createDirectories(logDirectory);
		Path ready = logDirectory.resolve("test-tools-setup.ready");
		Files.deleteIfExists(ready);
		boolean noTests = "true".equals(args[3]) || "true".equals(args[5]);
		boolean noIntegrationTests = noTests || "true".equals(args[4]);
		List<Tool> needed = new ArrayList<>();
		if (!noIntegrationTests) {
			// Debian's packages put the binaries in these places; other places are the user's own.
			boolean debian = browser.getPath().equals("/usr/lib/chromium/chromium")
					&& driver.getPath().equals("/usr/bin/chromedriver");
			needed.add(new Tool("Chromium at " + browser + " and ChromeDriver at " + driver + " (the browser tests)",
					() -> browser.canExecute() && driver.canExecute(),
					debian ? List.of("chromium", "chromium-driver") : List.of(),
					"point -Dtijdig.chromium=... -Dtijdig.chromedriver=... at a Chromium and a matching ChromeDriver"));
			needed.add(new Tool("libfaketime (system-tests runs a service with its clock set back)",
					TestToolsSetup::hasFaketime, List.of("faketime"),
					"libfaketime.so.1 under /usr/lib/<architecture>/faketime/"));
		}
		if (!noTests) {
			needed.add(new Tool("kubectl (deploy-check renders deploy/)", () -> onPath("kubectl"),
					List.of("kubernetes-client"), "any kubectl 1.20 or newer on the PATH"));
			needed.add(new Tool("docker-compose (deploy-check checks docker-compose.yml; no Docker engine needed)",
					() -> onPath("docker-compose"), List.of("docker-compose"),
					"any docker-compose 1.28 or newer on the PATH"));
		}
		List<Tool> missing = needed.stream().filter((tool) -> !tool.present().getAsBoolean()).toList();
		if (missing.isEmpty()) {
			Files.createFile(ready);
			return;
		}
		List<String> packages = missing.stream().flatMap((tool) -> tool.packages().stream()).toList();
		List<String> privilege = privilege();
		boolean installable = missing.stream().noneMatch((tool) -> tool.packages().isEmpty());
		if (installable && new File("/usr/bin/apt-get").canExecute() && privilege != null) {
			System.out.println("Installing Debian's " + String.join(", ", packages) + " for the tests (once)...");
			Path log = logDirectory.resolve("test-tools-setup.log");
			List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q"));
			install.addAll(packages);
			if (run(privilege, log, List.of("apt-get", "update", "-q")) && run(privilege, log, install)
					&& missing.stream().allMatch((tool) -> tool.present().getAsBoolean())) {
				Files.createFile(ready);
				return;
			}
			explain("Installing " + String.join(", ", packages) + " with apt-get failed (see " + log
					+ "); install them and run the build again.");
			return;
		}
		List<String> needs = new ArrayList<>();
		for (Tool tool : missing) {
			needs.add(tool.name() + ": " + (tool.packages().isEmpty() ? ""
					: "'sudo apt-get install " + String.join(" ", tool.packages()) + "' (Debian), or ") + tool.otherwise());
		}
		explain("The tests need " + String.join("; ", needs) + ".");
	}

	private static boolean onPath(String program) {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (new File(directory, program).canExecute()) {
				return true;
			}
		}
		return false;
	}

	/** Where Debian's faketime package puts the library, whatever the architecture. */
	static boolean hasFaketime() {
		File[] architectures = new File("/usr/lib").listFiles(File::isDirectory);
		if (architectures == null) {
			return false;
		}
		for (File architecture : architectures) {
			if (new File(architecture, "faketime/libfaketime.so.1").isFile()) {
				return true;
			}
		}
		return false;
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
