/**
 * The contract between Tijdig's services: the events they exchange over Kafka, the topics
 * those events travel on and the JSON serde that reads and writes them.
 * <p>
 * Events are immutable records named in the past tense. Each carries the attributes
 * CloudEvents names {@code id}, {@code time} and a schema version; its type travels as a
 * logical name (see {@link nl.tijdig.events.EventTypes}) so that no consumer depends on a
 * producer's Java class name.
 */
package nl.tijdig.events;
