package org.partnerportal.engagement.service;

import static org.partnerportal.events.NdaEvents.DEMO_RESET_REQUESTED;

import java.util.List;

import org.jboss.logging.Logger;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.engagement.domain.PartnerEventLink;
import org.partnerportal.engagement.repository.ActionRepository;
import org.partnerportal.engagement.repository.LinkRepository;
import org.partnerportal.engagement.repository.PartnerRefRepository;
import org.partnerportal.engagement.repository.TimelineRepository;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A demo partner's reset ({@code DemoResetRequested} from nda-service) for this service's data:
 * its event links are removed the ordinary way (tombstone, {@code EventPartnerRemoved}, rollups
 * kept right), then its action items and timeline rows are deleted. Only for a partner this
 * service projected as created demo; anything else is logged and left alone. Running it again
 * finds nothing left to remove.
 */
@ApplicationScoped
public class DemoReset {

    private static final Logger LOG = Logger.getLogger(DemoReset.class);
    static final String ACTOR = "system:demo-reset";

    private final PartnerRefRepository partners;
    private final LinkRepository links;
    private final LinkService linkService;
    private final ActionRepository actions;
    private final TimelineRepository timeline;

    DemoReset(PartnerRefRepository partners, LinkRepository links, LinkService linkService, ActionRepository actions,
            TimelineRepository timeline) {
        this.partners = partners;
        this.links = links;
        this.linkService = linkService;
        this.actions = actions;
        this.timeline = timeline;
    }

    public Uni<Void> apply(IncomingEvent e) {
        if (!e.is(DEMO_RESET_REQUESTED)) {
            return Uni.createFrom().voidItem();
        }
        String partnerId = e.as(DEMO_RESET_REQUESTED).partnerId();
        if (partnerId == null || partnerId.isBlank()) {
            throw new IllegalArgumentException("Event " + e.id() + " (" + e.type() + ") has no partnerId");
        }
        return partners.findById(partnerId).chain(p -> {
            if (p == null || !p.demo) {
                LOG.warnf("Demo reset of partner %s refused: not a partner created as demo (event %s)", partnerId, e.id());
                return Uni.createFrom().voidItem();
            }
            return removeLinks(partnerId)
                    .chain(removed -> actions.deleteByPartner(partnerId)
                            .chain(items -> timeline.deleteByPartner(partnerId).invoke(rows -> LOG.infof(
                                    "Demo partner %s reset: %d event links removed, %d action items and %d timeline rows deleted",
                                    partnerId, removed, items, rows))))
                    .replaceWithVoid();
        });
    }

    private Uni<Integer> removeLinks(String partnerId) {
        return links.pageByPartner(partnerId, 0, 1000).chain(slice -> {
            List<PartnerEventLink> live = slice.items();
            return Multi.createFrom().iterable(live)
                    .onItem().transformToUniAndConcatenate(l -> linkService.remove(l.eventId, partnerId, ACTOR))
                    .collect().asList().map(done -> live.size());
        });
    }
}
