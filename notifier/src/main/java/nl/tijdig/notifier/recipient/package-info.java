/**
 * Who the notifier may write to: a projection of {@code tijdig.subscribers} holding each
 * subscriber's address, language and status, and the ids of those who were erased.
 */
package nl.tijdig.notifier.recipient;
