package nl.tijdig.api.calendar;

import java.io.StringReader;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.validate.ValidationResult;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads a calendar file as a calendar program does, and fails on one it would reject. */
final class CalendarFiles {

	private CalendarFiles() {
	}

	static VEvent onlyEvent(String body) throws Exception {
		Calendar calendar = new CalendarBuilder().build(new StringReader(body));
		ValidationResult validation = calendar.validate();
		assertThat(validation.hasErrors()).as(validation.toString()).isFalse();
		assertThat(calendar.getComponents(Component.VEVENT)).hasSize(1);
		return (VEvent) calendar.getComponents(Component.VEVENT).get(0);
	}

}
