package org.partnerportal.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every event type of every topic, and the lookup a consumer makes with a record's
 * {@code ce_type}. A type it does not list (another producer's, or a version this build does not
 * know) is not an error: consumers skip it, as add-only evolution allows.
 */
public final class EventCatalog {

    /** Every type, topic by topic. */
    public static final List<EventType<?>> ALL = Stream.of(PartnerEvents.ALL, EngagementEvents.ALL, NdaEvents.ALL,
            NotificationEvents.ALL, NotificationRequests.ALL).flatMap(List::stream).toList();

    private static final Map<String, EventType<?>> BY_CE_TYPE = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(EventType::ceType, Function.identity()));

    private EventCatalog() {
    }

    /** The type whose CloudEvent type is {@code ceType} ({@code partnerportal.<Name>.v<N>}), if this build knows it. */
    public static Optional<EventType<?>> byCeType(String ceType) {
        return Optional.ofNullable(ceType == null ? null : BY_CE_TYPE.get(ceType));
    }
}
