package nl.tijdig.events;

/** The kinds of email a subscriber can receive. */
public enum MessageKind {

	CONFIRMATION, WELCOME, WAVE_REMINDER, DEADLINE_DAY, GOODBYE

}
