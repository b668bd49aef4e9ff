package nl.tijdig.notifier.message;

/**
 * The links one email carries, each pointing straight at reminder-api with a signed
 * token: no redirects, nothing that tracks a click.
 *
 * @param confirm the double opt-in
 * @param unsubscribe one click, also the target of {@code List-Unsubscribe} (RFC 8058)
 * @param done "I've switched it off"
 * @param forget "delete my data"
 * @param export "my data": the subscriber's own data as JSON
 */
public record MessageLinks(String confirm, String unsubscribe, String done, String forget, String export) {

}
