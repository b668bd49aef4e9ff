/**
 * A person's subscription to a campaign, through its whole life: signing up with double
 * opt-in, confirming, "I've switched it off", unsubscribing and erasure. The form and the
 * JSON API take sign-ups and answer the same whoever signs up; the links in emails carry
 * signed tokens and open a page with a button, because mail scanners follow links.
 */
package nl.tijdig.api.subscription;
