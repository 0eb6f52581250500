package org.partnerportal.nda.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;
import org.partnerportal.nda.domain.AttemptSlot;
import org.partnerportal.nda.repository.AttemptSlotRepository;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The attempts of one kind from one client address, as {@code count} slots per address in the
 * collection {@value #COLLECTION}: {@code _id = <kind>|<address>|<n>}, {@code expireAt} = when the
 * attempt that holds it leaves the window. An attempt takes the first slot that is free or expired,
 * by an upsert whose filter requires it expired: a slot still held makes the upsert insert an
 * {@code _id} that exists, which the unique {@code _id} refuses. So two attempts never take the same
 * slot, whichever nda-service replica (behind whichever gateway replica) handles them, and the
 * budget is exact across replicas, as the gateway's sliding window is within one. A TTL index on
 * {@code expireAt} lets MongoDB drop expired slots (a free slot and a missing one are the same).
 */
@Singleton
public class AttemptSlots {

    private static final Logger LOG = Logger.getLogger(AttemptSlots.class);

    static final String COLLECTION = AttemptSlot.COLLECTION;

    /** Taken, or refused with how long until the first slot frees up. */
    public record Decision(boolean allowed, Duration retryAfter) {
    }

    private final AttemptSlotRepository slots;

    AttemptSlots(AttemptSlotRepository slots) {
        this.slots = slots;
    }

    void indexes(@Observes StartupEvent start) {
        slots.ttlIndex()
                .subscribe().with(name -> { }, e -> LOG.warnf("TTL index on %s not created: %s", COLLECTION, e.toString()));
    }

    /** Takes a slot for one attempt of {@code kind} from {@code address} at {@code now}, if one is free. */
    Uni<Decision> acquire(String kind, String address, AttemptLimit limit, Instant now) {
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < limit.count(); n++) {
            ids.add(kind + '|' + address + '|' + n);
        }
        return take(ids, 0, now, now.plus(limit.window())).chain(taken -> taken
                ? Uni.createFrom().item(new Decision(true, Duration.ZERO))
                : firstFree(ids, now).map(at -> new Decision(false, at)));
    }

    private Uni<Boolean> take(List<String> ids, int n, Instant now, Instant until) {
        if (n == ids.size()) {
            return Uni.createFrom().item(false);
        }
        return slots.take(ids.get(n), now, until)
                .chain(taken -> taken ? Uni.createFrom().item(true) : take(ids, n + 1, now, until));
    }

    /** How long until the earliest held slot expires (at least a second). */
    private Uni<Duration> firstFree(List<String> ids, Instant now) {
        return slots.byIds(ids).map(held -> {
            long earliest = held.stream().map(s -> s.expireAt).filter(java.util.Objects::nonNull)
                    .mapToLong(Instant::toEpochMilli).min().orElse(now.toEpochMilli());
            return Duration.ofMillis(Math.max(1000, earliest - now.toEpochMilli()));
        });
    }
}
