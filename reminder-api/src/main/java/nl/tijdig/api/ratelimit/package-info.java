/**
 * Token buckets kept in PostgreSQL, so a limit holds across every instance of the API
 * ({@link nl.tijdig.api.ratelimit.TokenBuckets}): the sign-up limits take theirs together
 * in one statement inside the sign-up's transaction, the console's login limits in one of
 * their own, its test sends one at a time.
 */
package nl.tijdig.api.ratelimit;
