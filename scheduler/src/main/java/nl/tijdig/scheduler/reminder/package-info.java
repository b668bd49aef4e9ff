/**
 * The reminder requests this service emits on {@code tijdig.reminders}: the onboarding
 * messages (confirmation, welcome) now, each wave's reminders later. All of them go
 * through {@link nl.tijdig.scheduler.reminder.Reminders}, inside the transaction that
 * decided them.
 */
package nl.tijdig.scheduler.reminder;
