/**
 * The notifier: one package per feature, whose root holds what other features may use.
 * <ul>
 * <li>{@code recipient}: who can be written to, projected from
 * {@code tijdig.subscribers};</li>
 * <li>{@code campaign}: what a campaign says, projected from
 * {@code tijdig.campaigns};</li>
 * <li>{@code message}: the text of each email, from templates and campaign content;</li>
 * <li>{@code delivery}: sends what {@code tijdig.reminders} asks for, at most once per
 * message, and reports the outcome;</li>
 * <li>{@code smtp}: talks to the relay for {@code delivery} and writes the MIME text of
 * each email;</li>
 * <li>{@code preview}: answers operators' preview requests and sends their test emails,
 * outside the delivery log.</li>
 * </ul>
 */
package nl.tijdig.notifier;
