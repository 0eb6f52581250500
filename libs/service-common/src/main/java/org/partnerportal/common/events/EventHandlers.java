package org.partnerportal.common.events;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.partnerportal.events.EventType;

/**
 * A consumer's dispatch table: for each {@link EventType} constant it handles, a handler that
 * gets the event and its payload as the type's record. Built once, in a field:
 * <pre>{@code
 * EventHandlers<Change> handlers = new EventHandlers<Change>()
 *         .on(PARTNER_ARCHIVED, (event, archived) -> ...archived.archivedAt()...);
 * }</pre>
 * Types without a handler, and types this build does not know, are not the consumer's concern.
 *
 * @param <R> what a handler returns (null allowed)
 */
public final class EventHandlers<R> {

    /** Handles one event of a type, with its payload read as that type's record. */
    @FunctionalInterface
    public interface Handler<T, R> {
        R handle(IncomingEvent event, T payload);
    }

    private final Map<EventType<?>, Handler<Object, R>> handlers = new HashMap<>();

    /** Handles {@code type} with {@code handler}; a type has one handler. */
    @SuppressWarnings("unchecked")
    public <T extends Record> EventHandlers<R> on(EventType<T> type, Handler<? super T, R> handler) {
        if (handlers.putIfAbsent(type, (Handler<Object, R>) handler) != null) {
            throw new IllegalStateException(type + " has a handler already");
        }
        return this;
    }

    /**
     * Handles each of {@code types} with {@code handler}: types that share a record, or any types
     * handled alike ({@code T} is then {@link Record}).
     */
    @SuppressWarnings("unchecked")
    public <T extends Record> EventHandlers<R> on(List<? extends EventType<? extends T>> types, Handler<? super T, R> handler) {
        types.forEach(t -> on((EventType<T>) t, handler));
        return this;
    }

    /** True when {@code event} is of a type handled here. */
    public boolean handles(IncomingEvent event) {
        return event.eventType() != null && handlers.containsKey(event.eventType());
    }

    /** What the event's handler returns, or {@code otherwise} when no handler takes its type. */
    public R apply(IncomingEvent event, R otherwise) {
        Handler<Object, R> h = event.eventType() == null ? null : handlers.get(event.eventType());
        return h == null ? otherwise : h.handle(event, event.payload());
    }
}
