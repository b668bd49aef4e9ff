/**
 * The inbox: which events were already processed, so that a redelivered event changes
 * nothing twice. The counterpart of the outbox that writes this service's own events.
 */
package nl.tijdig.scheduler.inbox;
