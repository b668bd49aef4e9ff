/**
 * How the web front behaves for every page: the visitor's language, the security headers
 * and which requests need a CSRF token.
 */
package nl.tijdig.api.web;
