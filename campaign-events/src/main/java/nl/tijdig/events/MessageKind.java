package nl.tijdig.events;

/** The kinds of email a subscriber can receive. */
public enum MessageKind {

	CONFIRMATION, WELCOME, WAVE_REMINDER, DEADLINE_DAY, GOODBYE,

	/**
	 * The current steps, sent once at an operator's request to whoever got an older text
	 * of them ({@link CorrectionRequested}).
	 */
	CORRECTION

}
