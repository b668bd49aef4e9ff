/**
 * What Tijdig holds on a person, for that person and for a regulator: a subscriber's own
 * data as JSON from a signed link in every email ({@code /my-data}), and the proof of
 * consent an operator exports from the console, as JSON for one address or as CSV for a
 * whole campaign, where erased subscribers appear only as the trace that names nobody.
 */
package nl.tijdig.api.privacy;
