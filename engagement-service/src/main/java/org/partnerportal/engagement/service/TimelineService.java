package org.partnerportal.engagement.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.partnerportal.common.api.PageResponse;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.engagement.domain.TimelineEntry;
import org.partnerportal.engagement.domain.TimelineKind;
import org.partnerportal.engagement.repository.TimelineRepository;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class TimelineService {

    private final TimelineRepository timeline;

    TimelineService(TimelineRepository timeline) {
        this.timeline = timeline;
    }

    public Uni<PageResponse<TimelineEntry>> page(String partnerId, String kind, int page, int size) {
        return timeline.page(partnerId, kind, page, size)
                .map(s -> new PageResponse<>(s.items(), s.total(), page, size));
    }

    /** A partner's communications in conversations: one per provider thread (or per message without one). */
    public record Thread(String threadId, String subject, int messages, Instant firstAt, Instant lastAt,
            List<TimelineEntry> items) {
    }

    /** Communications read at most for the thread view, newest first. */
    static final int THREAD_SCAN = 500;

    /** The partner's newest communications grouped by thread, newest thread first; oldest message first inside one. */
    public Uni<List<Thread>> threads(String partnerId) {
        return timeline.page(partnerId, TimelineKind.COMMUNICATION.key(), 0, THREAD_SCAN).map(slice -> {
            Map<String, List<TimelineEntry>> byThread = new LinkedHashMap<>();
            for (TimelineEntry t : slice.items()) {
                String key = t.communication != null && t.communication.externalThreadId != null
                        ? t.communication.externalThreadId : t.id;
                byThread.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
            }
            List<Thread> out = new ArrayList<>();
            byThread.forEach((key, newestFirst) -> {
                List<TimelineEntry> items = new ArrayList<>(newestFirst);
                java.util.Collections.reverse(items);
                boolean real = items.get(0).communication != null && key.equals(items.get(0).communication.externalThreadId);
                out.add(new Thread(real ? key : null, items.get(0).title, items.size(), items.get(0).occurredAt,
                        items.get(items.size() - 1).occurredAt, items));
            });
            return out;
        });
    }

    public Uni<TimelineEntry> entry(String partnerId, String entryId) {
        return timeline.findById(entryId)
                .onItem().ifNotNull().transform(t -> partnerId.equals(t.partnerId) ? t : null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Timeline entry", entryId));
    }
}
