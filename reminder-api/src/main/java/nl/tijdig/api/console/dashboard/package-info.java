/**
 * What operators watch: each campaign's numbers, from a read model fed by
 * {@code tijdig.subscribers}, {@code tijdig.deliveries} and {@code tijdig.waves} rather
 * than from another service's tables; how far each service's consumer group is behind,
 * asked of the broker; and the dead-letter topics, with their replay. Its public face is
 * {@link nl.tijdig.api.console.dashboard.DashboardView}, with which the campaign pages
 * answer a refused button.
 */
package nl.tijdig.api.console.dashboard;
