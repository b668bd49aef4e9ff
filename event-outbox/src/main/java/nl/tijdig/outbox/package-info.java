/**
 * A transactional outbox: a service never writes its database and then sends to Kafka as
 * two steps. It appends the event to {@link nl.tijdig.outbox.Outbox} inside the
 * transaction that changes its data; after commit a relay sends the rows in order and
 * deletes them once the broker has acknowledged them.
 * <p>
 * Each service that uses it adds {@code classpath:db/outbox} to its Flyway locations,
 * which creates the {@code outbox_event} table in the service's own schema.
 */
package nl.tijdig.outbox;
