/**
 * The deadline in a person's own calendar: an iCalendar event (RFC 5545) per campaign and
 * language, linked from the campaign page and the welcome email. Its address names only
 * the campaign, so fetching it tells nobody who did.
 */
package nl.tijdig.api.calendar;
