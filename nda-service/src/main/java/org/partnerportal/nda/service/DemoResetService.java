package org.partnerportal.nda.service;

import java.time.Clock;
import java.util.Map;

import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.nda.config.NdaConfig;
import org.partnerportal.nda.domain.PartnerRef;
import org.partnerportal.nda.repository.NdaRepository;
import org.partnerportal.nda.repository.ProposalRepository;
import org.partnerportal.nda.repository.VaultRepository;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code resetPartnerTestData}: clears a demo partner's tokens, codes, views, vault and download
 * audit, and rotates its portal key. Its NDA records stay in the evidence chain (removing one would
 * break it) but are marked reset, so they no longer open the vault or show in the portal. Any
 * partner that is not a demo partner is refused.
 */
@ApplicationScoped
public class DemoResetService {

    private final ProposalService proposals;
    private final ProposalRepository proposalRepo;
    private final NdaRepository ndas;
    private final VaultRepository vault;
    private final NdaConfig config;
    private final Clock clock;

    DemoResetService(ProposalService proposals, ProposalRepository proposalRepo, NdaRepository ndas, VaultRepository vault,
            NdaConfig config, Clock clock) {
        this.proposals = proposals;
        this.proposalRepo = proposalRepo;
        this.ndas = ndas;
        this.vault = vault;
        this.config = config;
        this.clock = clock;
    }

    public boolean isDemo(PartnerRef p) {
        return Boolean.TRUE.equals(p.demo) || (p.name != null && config.demoPartnerNames().stream().anyMatch(p.name::equalsIgnoreCase));
    }

    public Uni<Map<String, Object>> reset(String partnerId) {
        return proposals.partner(partnerId).chain(p -> {
            if (!isDemo(p)) {
                throw ProblemException.unprocessable("not-a-demo-partner", "Only a partner flagged as demo can be reset");
            }
            return proposalRepo.resetTestData(partnerId)
                    .chain(() -> ndas.markReset(partnerId, clock.instant()))
                    .chain(ndasReset -> vault.deleteAll(partnerId)
                            .map(docs -> Map.<String, Object>of("partnerId", partnerId, "ndasMarkedReset", ndasReset,
                                    "documentsDeleted", docs)));
        });
    }
}
