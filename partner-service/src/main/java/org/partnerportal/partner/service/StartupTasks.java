package org.partnerportal.partner.service;

import java.time.Duration;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.partnerportal.partner.domain.Contact;
import org.partnerportal.partner.domain.Partner;
import org.partnerportal.partner.domain.Tier;
import org.partnerportal.partner.repository.AccessRequestRepository;
import org.partnerportal.partner.repository.MembershipRepository;
import org.partnerportal.partner.repository.PartnerRepository;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Indexes before the first request; the demo partner when the local stack asks for it. */
@ApplicationScoped
public class StartupTasks {

    private static final Logger LOG = Logger.getLogger(StartupTasks.class);

    void onStart(@Observes StartupEvent event, PartnerRepository partners, AccessRequestRepository requests, MembershipRepository memberships,
            PartnerService service, @ConfigProperty(name = "pp.partner.demo-seed") boolean demoSeed) {
        partners.ensureIndexes().chain(requests::ensureIndexes).chain(memberships::ensureIndexes).await().atMost(Duration.ofSeconds(30));
        if (demoSeed) {
            partners.findById(Partner.DEMO_ID).chain(existing -> existing != null
                    ? io.smallrye.mutiny.Uni.createFrom().item(existing)
                    : service.create(Partner.DEMO_ID, new PartnerService.PartnerForm("Demo Partner",
                            "The local stack's demo partner: safe to reset, never a real organisation.", null,
                            null, "Software", Tier.GOLD, null, null,
                            List.of(new Contact("Demo Partner User", "partner@partnerportal.test", null,
                                    "Partnership lead", true)),
                            null, List.of("demo"), null, null), "system", true))
                    .await().atMost(Duration.ofSeconds(30));
            LOG.info("Demo partner present: " + Partner.DEMO_ID);
        }
    }
}
