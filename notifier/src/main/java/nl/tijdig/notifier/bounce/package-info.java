/**
 * Where asynchronous bounces come in: a provider's webhook or a mailbox poller posts a
 * report to {@code POST /bounces}; a hard bounce suppresses the address.
 */
package nl.tijdig.notifier.bounce;
