/**
 * Sends what {@code tijdig.reminders} asks for: claims each (subscriber, message) in the
 * delivery log before sending so that a redelivered request never sends twice, checks
 * suppression at that moment, hands it to the relay ({@code smtp}) and reports every
 * outcome on {@code tijdig.deliveries} through the outbox.
 */
package nl.tijdig.notifier.delivery;
