/**
 * Signing up with double opt-in: the form and JSON API that take an address, the
 * confirmation link that turns a pending subscription into a confirmed one, and the rules
 * that keep the answer the same whoever signs up.
 */
package nl.tijdig.api.signup;
