package org.partnerportal.common.outbox;

import java.util.List;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

/**
 * How a writer queues events in the document it writes, the one place that knows the shape: the
 * events go into the {@code outbox} array and {@code outboxPending: true} is set <em>in the same
 * single-document write</em>, so a document with events waiting is always flagged. The flag is
 * what the relay's safety-net poll and the backlog gauge look for, under a partial index
 * ({@code partialFilterExpression: {outboxPending: true}}) that holds only the few documents with
 * events waiting; the relay clears it in the update that removes the last event it published.
 * <p>
 * After the write, the writer wakes its relay with the document ({@link OutboxRelay#wakeUp(String,
 * Object)}), so the events leave at once.
 */
public final class Outbox {

    /** The array of pending events, oldest first. */
    public static final String EVENTS = "outbox";
    /** True while {@link #EVENTS} may hold events; set with them, cleared only when none is left. */
    public static final String PENDING = "outboxPending";
    /** The name of the partial index on {@link #PENDING}, in every collection with an outbox. */
    public static final String INDEX = "outbox_pending";

    private Outbox() {
    }

    /** The update parts that queue {@code events} (BSON, {@link OutboxEvent#toBson()}) after any already waiting. */
    public static Bson push(List<Document> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("No event to queue");
        }
        return Updates.combine(Updates.pushEach(EVENTS, events), Updates.set(PENDING, true));
    }

    /** {@link #push(List)} for one event. */
    public static Bson push(Document event) {
        return push(List.of(event));
    }

    /** {@link #push(List)} for events not yet in their BSON form. */
    public static Bson pushEvents(List<OutboxEvent> events) {
        return push(events.stream().map(OutboxEvent::toBson).toList());
    }

    /** {@link #push(List)} for one event not yet in its BSON form. */
    public static Bson push(OutboxEvent event) {
        return push(event.toBson());
    }

    /** A new document inserted whole with its events: the array and the flag, on {@code doc} itself. */
    public static Document queue(Document doc, List<Document> events) {
        return doc.append(EVENTS, events).append(PENDING, !events.isEmpty());
    }

    /** The documents whose events are waiting (what the partial index holds). */
    public static Bson pending() {
        return Filters.eq(PENDING, true);
    }
}
