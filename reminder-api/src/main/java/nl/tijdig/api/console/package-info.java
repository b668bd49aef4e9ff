/**
 * The operator console at {@code /admin}: operators log in, define and publish campaigns,
 * and watch each campaign's numbers, which come from a read model fed by
 * {@code tijdig.subscribers}, {@code tijdig.deliveries} and {@code tijdig.waves} rather
 * than from another service's tables.
 */
package nl.tijdig.api.console;
