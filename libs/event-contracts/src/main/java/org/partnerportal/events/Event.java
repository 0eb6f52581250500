package org.partnerportal.events;

/**
 * An event to publish: its type and its payload, which the compiler keeps in step
 * ({@code PartnerEvents.PARTNER_ARCHIVED.with(new PartnerArchived(...))}).
 */
public record Event<T extends Record>(EventType<T> type, T data) {
}
