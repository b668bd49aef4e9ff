/**
 * What operators do to a campaign: list them, fill in the form (a new one, from another
 * one, or an edit of a saved one), publish, close, and send a correction of changed
 * steps. The campaign itself and its publication on {@code tijdig.campaigns} belong to
 * {@code nl.tijdig.api.campaign}; here is only the console's side of it.
 */
package nl.tijdig.api.console.campaigns;
