/**
 * Signed links in emails. The notifier signs them and reminder-api verifies them with the
 * same key ring, so no token is stored in a table or carried in an event. A token names
 * its purpose, its subscriber, its expiry and the key that signed it, which lets keys
 * rotate: old keys keep verifying while a new one signs.
 */
package nl.tijdig.events.link;
