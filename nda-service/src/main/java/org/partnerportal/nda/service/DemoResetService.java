package org.partnerportal.nda.service;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.events.NdaEvents.DemoResetRequested;
import org.partnerportal.events.NdaEvents;
import org.partnerportal.nda.config.NdaConfig;
import org.partnerportal.nda.domain.PartnerRef;
import org.partnerportal.nda.messaging.NdaOutbox;
import org.partnerportal.nda.messaging.NdaOutboxRelay;
import org.partnerportal.nda.repository.ActionItemRepository;
import org.partnerportal.nda.repository.Collections;
import org.partnerportal.nda.repository.DownloadRepository;
import org.partnerportal.nda.repository.NdaRepository;
import org.partnerportal.nda.repository.ProposalRepository;
import org.partnerportal.nda.repository.VaultFiles;
import org.partnerportal.nda.repository.VaultRepository;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code resetPartnerTestData}, for a demo partner only: a partner flagged {@code demo} when
 * partner-service created it (the local stack's seed; the flag never changes afterwards, and a
 * name proves nothing). Here: tokens, codes, views, vault, download audit and projected action
 * items go, and the portal key rotates. NDA records stay in the evidence chain (removing one would
 * break it) but are marked reset, so they no longer open the vault or show in the portal. The first
 * write also carries {@code PortalKeyRotated} and {@code DemoResetRequested}, on which
 * partner-service and engagement-service reset their own data of the partner. Every step can run
 * again, so a reset cut short is finished by asking again.
 */
@ApplicationScoped
public class DemoResetService {

    private final ProposalService proposals;
    private final ProposalRepository proposalRepo;
    private final NdaRepository ndas;
    private final VaultRepository vault;
    private final DownloadRepository downloads;
    private final VaultFiles files;
    private final ActionItemRepository actions;
    private final PortalService portal;
    private final NdaOutbox outbox;
    private final NdaOutboxRelay relay;
    private final Clock clock;
    private volatile boolean enabled;

    DemoResetService(ProposalService proposals, ProposalRepository proposalRepo, NdaRepository ndas, VaultRepository vault,
            DownloadRepository downloads, VaultFiles files, ActionItemRepository actions, PortalService portal, NdaOutbox outbox, NdaOutboxRelay relay, NdaConfig config,
            Clock clock) {
        this.proposals = proposals;
        this.proposalRepo = proposalRepo;
        this.ndas = ndas;
        this.vault = vault;
        this.downloads = downloads;
        this.files = files;
        this.actions = actions;
        this.portal = portal;
        this.outbox = outbox;
        this.relay = relay;
        this.clock = clock;
        this.enabled = config.demoReset().enabled();
    }

    /** Switched by configuration at start; tests flip it to cover both settings in one run. */
    public void enabled(boolean on) {
        this.enabled = on;
    }

    public static boolean isDemo(PartnerRef p) {
        return Boolean.TRUE.equals(p.demo);
    }

    public Uni<Map<String, Object>> reset(String partnerId, String actor) {
        if (!enabled) {
            // switched off (the prod overlay): the endpoint does not exist there
            return Uni.createFrom().failure(ProblemException.notFound("Demo reset", partnerId));
        }
        return proposals.partner(partnerId).chain(p -> {
            if (!isDemo(p)) {
                throw ProblemException.unprocessable("not-a-demo-partner",
                        "Only a partner created as a demo partner (by the seed) can be reset");
            }
            Instant now = clock.instant();
            return proposalRepo.resetTestData(partnerId, v -> List.of(portal.rotated(partnerId, v, actor),
                    outbox.event(NdaEvents.DEMO_RESET_REQUESTED, partnerId, new DemoResetRequested(partnerId, actor, now), now)))
                    .invoke(() -> relay.wakeUp(Collections.PROPOSALS, partnerId))
                    .chain(keyVersion -> ndas.markReset(partnerId, now)
                            // the documents before their bytes: cut short, this leaves files nothing refers to, never a
                            // document without its file (and the next reset, or the start-up sweep, removes them)
                            .chain(ndasReset -> vault.deleteByPartner(partnerId).call(() -> downloads.deleteByPartner(partnerId))
                                    .call(() -> files.deleteByPartner(partnerId))
                                    .chain(docs -> actions.deleteByPartner(partnerId).map(items -> {
                                        Map<String, Object> out = new LinkedHashMap<>();
                                        out.put("partnerId", partnerId);
                                        out.put("ndasMarkedReset", ndasReset);
                                        out.put("documentsDeleted", docs);
                                        out.put("actionItemsDeleted", items);
                                        out.put("portalKeyVersion", keyVersion);
                                        return out;
                                    }))));
        });
    }
}
