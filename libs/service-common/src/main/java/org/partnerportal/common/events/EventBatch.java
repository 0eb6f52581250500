package org.partnerportal.common.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Applies one poll of a Kafka channel in batch mode ({@code batch=true}): every record is read
 * into an {@link IncomingEvent}, the readable ones are handed to the service's {@link Applier}
 * at once (so that it can read and write the store in bulk), and the batch is acknowledged only
 * when each record was applied or dead-lettered.
 * <p>
 * Dead-lettering stays per record. A record that cannot be read is nacked on its own, which sends
 * it alone to the channel's dead-letter topic. When the applier fails the batch (a record that
 * keeps failing, or a store that refuses the bulk write), the same events are applied again one
 * at a time, in order, and only the ones that fail alone are dead-lettered; the applier's writes
 * are idempotent, so what the failed bulk attempt already wrote is not applied twice.
 * <p>
 * Order: {@link KafkaRecordBatch#getRecords()} lists each partition's records in offset order,
 * and a partner's events share a partition (the key is the partner id), so the list handed to
 * the applier has every partner's events in the order they were written.
 * <p>
 * The returned Uni never fails: a failed method would make the connector nack the whole batch,
 * i.e. dead-letter records that were applied. If a dead-letter write itself fails (the broker is
 * gone), the batch stays unacknowledged: its offsets are not committed, the connector's health
 * check reports it, and after a restart the batch is delivered again (and applied idempotently).
 */
public final class EventBatch {

    private static final Logger LOG = Logger.getLogger(EventBatch.class);

    /** Applies events in the order given (each key's events in the order they were written). */
    @FunctionalInterface
    public interface Applier {
        Uni<Void> apply(List<IncomingEvent> events);
    }

    /** One record of a batch, and how to send it to the dead-letter topic. */
    public record Item(ConsumerRecord<String, String> record, Function<Throwable, CompletionStage<Void>> deadLetter) {
    }

    private EventBatch() {
    }

    /** Applies the batch, then acknowledges it (see the class comment). */
    public static Uni<Void> consume(KafkaRecordBatch<String, String> batch, ObjectMapper mapper, Applier applier) {
        List<Item> items = new ArrayList<>(batch.getRecords().size());
        for (KafkaRecord<String, String> r : batch.getRecords()) {
            items.add(new Item(consumerRecord(r), r::nack));
        }
        return apply(items, mapper, applier)
                .chain(() -> Uni.createFrom().completionStage(batch::ack))
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "A batch of %d record(s) is left unacknowledged; it is delivered again after a restart",
                            items.size());
                    return null;
                });
    }

    /**
     * Reads the records, applies the readable ones (in bulk, or one by one when the bulk attempt
     * fails) and dead-letters the rest. Fails only when a dead-letter write fails.
     */
    public static Uni<Void> apply(List<Item> items, ObjectMapper mapper, Applier applier) {
        List<Read> readable = new ArrayList<>();
        List<Uni<Void>> unreadable = new ArrayList<>();
        for (Item item : items) {
            try {
                readable.add(new Read(IncomingEvent.from(item.record(), mapper), item));
            } catch (RuntimeException e) {
                unreadable.add(deadLetter(item, e));
            }
        }
        Uni<Void> deadLettered = unreadable.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(unreadable).andFailFast().replaceWithVoid();
        if (readable.isEmpty()) {
            return deadLettered;
        }
        List<IncomingEvent> events = readable.stream().map(Read::event).toList();
        return deadLettered.chain(() -> Uni.createFrom().deferred(() -> applier.apply(events))
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("A batch of %d event(s) failed as a whole (%s); applying them one at a time", events.size(),
                            e.toString());
                    return oneByOne(readable, applier);
                }));
    }

    /** Each event alone, in order; one that fails alone goes to the dead-letter topic and the next still applies. */
    private static Uni<Void> oneByOne(List<Read> events, Applier applier) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(r -> Uni.createFrom().deferred(() -> applier.apply(List.of(r.event())))
                        .onFailure().recoverWithUni(failure -> deadLetter(r.item(), failure)))
                .collect().last().replaceWithVoid();
    }

    private record Read(IncomingEvent event, Item item) {
    }

    private static Uni<Void> deadLetter(Item item, Throwable reason) {
        ConsumerRecord<String, String> r = item.record();
        LOG.warnf("Record %s@%d:%d goes to the dead-letter topic: %s", r.topic(), r.partition(), r.offset(),
                reason.getMessage());
        return Uni.createFrom().completionStage(() -> item.deadLetter().apply(reason));
    }

    /**
     * Groups events by a key (a partner id, an action item id), keeping the first-seen order of
     * the keys and each key's events in their order: what an applier folds onto one document.
     * Events whose key is null are left out.
     */
    public static Map<String, List<IncomingEvent>> byKey(List<IncomingEvent> events, Function<IncomingEvent, String> key) {
        Map<String, List<IncomingEvent>> out = new LinkedHashMap<>();
        for (IncomingEvent e : events) {
            String k = key.apply(e);
            if (k != null) {
                out.computeIfAbsent(k, x -> new ArrayList<>()).add(e);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static ConsumerRecord<String, String> consumerRecord(KafkaRecord<String, String> r) {
        return r.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> (ConsumerRecord<String, String>) m.getRecord())
                .orElseThrow(() -> new IllegalStateException("A batch record without its Kafka metadata"));
    }
}
