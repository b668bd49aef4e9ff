/**
 * Settings a service refuses to start without. The {@code local} profile
 * ({@link nl.tijdig.events.settings.LocalProfile}), which only the embedded stack turns
 * on, lets the built-in development values stand in; every other start names the missing
 * setting and how to make a value for it
 * ({@link nl.tijdig.events.settings.MissingSettingException}).
 */
package nl.tijdig.events.settings;
