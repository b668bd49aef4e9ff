/**
 * Token buckets kept in PostgreSQL, so a limit holds across every instance of the API:
 * the sign-up limits and the console's login limits both count here.
 */
package nl.tijdig.api.ratelimit;
