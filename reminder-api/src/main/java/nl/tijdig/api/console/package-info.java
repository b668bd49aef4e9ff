/**
 * The operator console at {@code /admin}, in a sub-package per thing operators do:
 * {@code access} (logging in, who may do what), {@code campaigns} (defining, publishing,
 * closing and correcting them), {@code dashboard} (each campaign's numbers, the consumer
 * lag and the dead letters), {@code previews} (each message as the notifier writes it,
 * and a test send) and {@code sending} (the notifier's pauses and an operator's levers on
 * them). Here is what they share: the errors of a form, the container of the listeners
 * that read in a group of their instance's own, and the layout and language switch of
 * every page ({@code templates/console}).
 */
package nl.tijdig.api.console;
