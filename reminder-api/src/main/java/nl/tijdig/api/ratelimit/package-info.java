/**
 * Token buckets kept in PostgreSQL, so a limit holds across every instance of the API:
 * the sign-up limits take theirs together in one statement inside the sign-up's
 * transaction ({@link nl.tijdig.api.ratelimit.TokenBuckets}); the console's login and
 * test-send limits use Bucket4j's ({@link nl.tijdig.api.ratelimit.RateLimits}).
 */
package nl.tijdig.api.ratelimit;
