/**
 * Who gets into the console and what they may do there: the operators from configuration
 * with their roles, form login with a session and CSRF tokens, and the limits on login
 * attempts, counted in PostgreSQL so they hold across instances. Nothing here is public:
 * it plugs into Spring Security as the console's own filter chain.
 */
package nl.tijdig.api.console.access;
