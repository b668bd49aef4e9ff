/**
 * Runs the whole platform on one machine with nothing installed but a JDK: a Kafka
 * broker, a PostgreSQL server and an SMTP server with a web inbox, all started in-process
 * on fixed ports, then reminder-api, the scheduler and the notifier in the same JVM, with
 * a demo campaign whose deadline is minutes away.
 */
package nl.tijdig.localstack;
