/**
 * Talks to the SMTP relay and writes what goes over it: the connections (Angus, Jakarta
 * Mail's SMTP transport), the MIME text of each email, its {@code Message-ID} and its
 * DKIM signature, and what each reply of the relay means. Sending goes through one narrow
 * door: a {@link nl.tijdig.notifier.smtp.Relay}'s
 * {@link nl.tijdig.notifier.smtp.RelayConnection} takes an
 * {@link nl.tijdig.notifier.smtp.OutgoingMail} and answers a
 * {@link nl.tijdig.notifier.smtp.SendResult}, never an exception, so that whoever sends
 * decides on every outcome. Whom to send what and when, and what becomes of a message
 * afterwards, is {@code delivery}'s.
 */
package nl.tijdig.notifier.smtp;
