package nl.tijdig.events.link;

import java.time.Instant;
import java.util.UUID;

/** What a verified token says. */
public record LinkToken(LinkPurpose purpose, UUID subscriberId, Instant expiresAt) {
}
