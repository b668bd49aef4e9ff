package nl.tijdig.localstack;

/**
 * Where the local stack listens. The servers sit on ports clear of those a developer may
 * already run (9092, 5432, 25); each can be moved with a system property such as
 * {@code -Dtijdig.local.kafka-port=29092}.
 */
record LocalStackPorts(int reminderApi, int scheduler, int notifier, int kafka, int postgres, int smtp, int inbox) {

	static LocalStackPorts fromSystemProperties() {
		return new LocalStackPorts(port("reminder-api", 8080), port("scheduler", 8081), port("notifier", 8082),
				port("kafka", 19092), port("postgres", 15432), port("smtp", 1025), port("inbox", 8025));
	}

	private static int port(String name, int fallback) {
		String value = System.getProperty("tijdig.local." + name + "-port");
		if (value == null) {
			return fallback;
		}
		try {
			int port = Integer.parseInt(value.strip());
			if (port < 1 || port > 65535) {
				throw new NumberFormatException();
			}
			return port;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					"tijdig.local." + name + "-port must be a port number, not '" + value + "'");
		}
	}

}
