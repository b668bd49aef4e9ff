package nl.tijdig.events.settings;

/**
 * A setting without which a service outside the {@code local} profile would run with a
 * value anyone can read in the repository, or with a door left open. Thrown while the
 * service starts; {@link MissingSettingFailureAnalyzer} turns it into a message that says
 * what to set and how to make a value.
 */
public class MissingSettingException extends RuntimeException {

	private final String setting;

	private final String purpose;

	private final String howToMake;

	/**
	 * @param setting the property, as it is written in a configuration file
	 * @param purpose what the setting protects, in a sentence
	 * @param howToMake how to make a value, e.g. a command
	 */
	public MissingSettingException(String setting, String purpose, String howToMake) {
		super(setting + " is not set: " + purpose);
		this.setting = setting;
		this.purpose = purpose;
		this.howToMake = howToMake;
	}

	public String setting() {
		return this.setting;
	}

	public String purpose() {
		return this.purpose;
	}

	public String howToMake() {
		return this.howToMake;
	}

}
