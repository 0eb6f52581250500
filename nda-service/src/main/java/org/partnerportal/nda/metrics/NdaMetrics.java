package org.partnerportal.nda.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

/**
 * The business counters of nda-service, each counted once the write that records the fact (with
 * its outbox event) succeeded. Registered at start so every series exists, at zero, from the start.
 */
@Startup
@Singleton
public class NdaMetrics {

    /** {@code pp_ndas_signed_total}. */
    public static final String NDAS_SIGNED = "pp.ndas.signed";
    /** {@code pp_proposal_views_total{first=true|false}}: section views recorded, the proposal's first view flagged. */
    public static final String PROPOSAL_VIEWS = "pp.proposal.views";
    /** {@code pp_vault_downloads_total}. */
    public static final String VAULT_DOWNLOADS = "pp.vault.downloads";

    private final Counter signed;
    private final Counter firstViews;
    private final Counter laterViews;
    private final Counter downloads;

    NdaMetrics(MeterRegistry registry) {
        signed = Counter.builder(NDAS_SIGNED).description("NDAs signed").register(registry);
        firstViews = views(registry, true);
        laterViews = views(registry, false);
        downloads = Counter.builder(VAULT_DOWNLOADS).description("Vault documents downloaded").register(registry);
    }

    private static Counter views(MeterRegistry registry, boolean first) {
        return Counter.builder(PROPOSAL_VIEWS).tag("first", String.valueOf(first))
                .description("Proposal section views recorded").register(registry);
    }

    public void ndaSigned() {
        signed.increment();
    }

    public void proposalViewed(boolean first) {
        (first ? firstViews : laterViews).increment();
    }

    public void vaultDownloaded() {
        downloads.increment();
    }
}
