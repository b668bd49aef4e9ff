/**
 * The operator console at {@code /admin}: operators log in, define and publish campaigns,
 * and watch each campaign's numbers, which come from a read model fed by
 * {@code tijdig.subscribers}, {@code tijdig.deliveries} and {@code tijdig.waves} rather
 * than from another service's tables, and how far each service's consumer group is behind
 * on those topics, asked of the broker. Operators also preview each message of a campaign
 * and send a test of it: the notifier renders both, asked over {@code tijdig.previews}
 * and answering on {@code tijdig.previews.rendered}.
 */
package nl.tijdig.api.console;
