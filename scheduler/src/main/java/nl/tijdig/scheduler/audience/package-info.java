/**
 * The audience: who is subscribed to which campaign, in which language and state,
 * projected from {@code tijdig.subscribers}. Only ids: this service never stores an email
 * address. Other features hear of each applied change through {@link AudienceChanged}.
 */
package nl.tijdig.scheduler.audience;
