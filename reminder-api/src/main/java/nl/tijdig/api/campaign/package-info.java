/**
 * Campaigns: what people sign up for. A campaign's definition (deadline, waves, content
 * per language) is put on {@code tijdig.campaigns} whenever it changes, so the scheduler
 * and the notifier work from the same definition.
 */
package nl.tijdig.api.campaign;
