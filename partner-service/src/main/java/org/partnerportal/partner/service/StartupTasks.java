package org.partnerportal.partner.service;

import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.partnerportal.common.startup.StartupWork;
import org.partnerportal.partner.domain.Contact;
import org.partnerportal.partner.domain.Partner;
import org.partnerportal.partner.domain.Tier;
import org.partnerportal.partner.repository.AccessRequestRepository;
import org.partnerportal.partner.repository.MembershipRepository;
import org.partnerportal.partner.repository.PartnerRepository;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Indexes before the first request, begun before the Kafka channels connect; then the demo partner
 * when the local stack asks for it, once they are connected (its outbox event needs the emitter).
 * The start waits for both ({@link StartupWork}).
 */
@ApplicationScoped
public class StartupTasks {

    private static final Logger LOG = Logger.getLogger(StartupTasks.class);

    private Uni<Void> indexes;

    void indexes(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, StartupWork work,
            PartnerRepository partners, AccessRequestRepository requests, MembershipRepository memberships) {
        indexes = work.begin(partners.ensureIndexes().chain(requests::ensureIndexes).chain(memberships::ensureIndexes));
    }

    void demoSeed(@Observes StartupEvent event, StartupWork work, PartnerRepository partners, PartnerService service,
            @ConfigProperty(name = "pp.partner.demo-seed") boolean demoSeed) {
        if (demoSeed) {
            work.begin(indexes.chain(() -> demoPartner(partners, service)));
        }
    }

    private static Uni<Partner> demoPartner(PartnerRepository partners, PartnerService service) {
        return partners.findById(Partner.DEMO_ID).chain(existing -> existing != null
                ? Uni.createFrom().item(existing)
                : service.create(Partner.DEMO_ID, new PartnerService.PartnerForm("Demo Partner",
                        "The local stack's demo partner: safe to reset, never a real organisation.", null,
                        null, "Software", Tier.GOLD, null, null,
                        List.of(new Contact("Demo Partner User", "partner@partnerportal.test", null,
                                "Partnership lead", true)),
                        null, List.of("demo"), null, null), "system", true))
                .invoke(() -> LOG.info("Demo partner present: " + Partner.DEMO_ID));
    }
}
