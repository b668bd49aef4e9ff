/**
 * The send rate: a token bucket in PostgreSQL that every notifier instance draws from, so
 * that the configured rate holds for the relay however many instances run.
 */
package nl.tijdig.notifier.throttle;
