/**
 * Hashes of personal data that name nobody without a secret: HMAC-SHA256 under
 * {@code tijdig.privacy.hash-key}, for every place a service keeps an address or a client
 * address only to recognise it again (rate-limit keys, the suppression list). A bare
 * SHA-256 would not do: anyone holding the table could confirm a guessed address.
 */
package nl.tijdig.events.privacy;
