package nl.tijdig.events;

/** The languages a subscriber can read their email in. */
public enum Language {

	NL, EN

}
