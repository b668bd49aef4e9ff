/**
 * Addresses that get no more mail: refused by a relay for good, hard-bounced or
 * complained about. Kept as a keyed hash of the lower-cased address
 * ({@code tijdig.privacy.hash-key}), so that the list outlives a subscriber's erasure (a
 * bounced address that signs up again is still dead) without holding the address itself
 * or anything that names it to someone without the key.
 */
package nl.tijdig.notifier.suppression;
