/**
 * Addresses that get no more mail: refused by a relay for good or hard-bounced. Kept as a
 * hash of the address, so that the list outlives a subscriber's erasure (a bounced
 * address that signs up again is still dead) without holding the address itself.
 */
package nl.tijdig.notifier.suppression;
