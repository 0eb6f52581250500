package org.partnerportal.engagement.service;

import org.partnerportal.common.api.PageResponse;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.engagement.domain.TimelineEntry;
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

    public Uni<TimelineEntry> entry(String partnerId, String entryId) {
        return timeline.findById(entryId)
                .onItem().ifNotNull().transform(t -> partnerId.equals(t.partnerId) ? t : null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Timeline entry", entryId));
    }
}
