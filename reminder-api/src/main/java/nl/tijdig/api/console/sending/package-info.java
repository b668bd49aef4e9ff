/**
 * The notifier's sending as operators see and steer it: the pauses it reports on
 * {@code tijdig.sending} (public, for the dashboard's banners), the resume of a campaign
 * paused for complaints, and the lift of a suppression made by mistake.
 */
package nl.tijdig.api.console.sending;
