/**
 * What each campaign says: a projection of {@code tijdig.campaigns} with its deadline,
 * time zone, waves and the content of its emails per language.
 */
package nl.tijdig.notifier.campaign;
