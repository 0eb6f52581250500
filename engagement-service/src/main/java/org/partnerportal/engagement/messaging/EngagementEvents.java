package org.partnerportal.engagement.messaging;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The payloads published on {@code engagement-events}: what subscribers need without calling back,
 * and never a secret. A communication's free-text summary stays in this service (it may hold
 * private call notes). Schemas: {@code src/main/resources/META-INF/asyncapi/engagement-events/}.
 */
public final class EngagementEvents {

    public static final String TOPIC = "engagement-events";

    private EngagementEvents() {
    }

    public record CommunicationLogged(String communicationId, String partnerId, String subject, String channel,
            String direction, Instant occurredAt, LocalDate followUpDate, String externalMessageId, String loggedBy,
            Instant loggedAt) {
    }
}
