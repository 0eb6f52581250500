package org.partnerportal.nda.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.bson.Document;
import org.partnerportal.common.problem.Problem;
import org.partnerportal.common.outbox.Outbox;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.nda.config.NdaConfig;
import org.partnerportal.nda.domain.CertificatePdf;
import org.partnerportal.nda.domain.Evidence;
import org.partnerportal.nda.domain.TokenHolder;
import org.partnerportal.nda.domain.VaultItem;
import org.partnerportal.nda.messaging.NdaEvents.DocumentAdded;
import org.partnerportal.nda.messaging.NdaEvents.DocumentDownloaded;
import org.partnerportal.nda.messaging.NdaOutbox;
import org.partnerportal.nda.messaging.NdaOutboxRelay;
import org.partnerportal.nda.metrics.NdaMetrics;
import org.partnerportal.nda.repository.Collections;
import org.partnerportal.nda.repository.NdaRepository;
import org.partnerportal.nda.repository.VaultRepository;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The document vault. NDA-gated documents are served only while the partner holds a valid NDA or
 * once it is {@code active}; every download is audited and published before the bytes leave. Each
 * signed NDA shows up as an "NDA — Signed" document derived from its record (no second write).
 */
@ApplicationScoped
public class VaultService {

    public record Download(VaultItem item, byte[] bytes) {
    }

    private final VaultRepository vault;
    private final NdaRepository ndas;
    private final NdaService ndaService;
    private final ProposalService proposals;
    private final NdaOutbox outbox;
    private final NdaOutboxRelay relay;
    private final NdaMetrics metrics;
    private final NdaConfig config;
    private final Clock clock;

    VaultService(VaultRepository vault, NdaRepository ndas, NdaService ndaService, ProposalService proposals, NdaOutbox outbox,
            NdaOutboxRelay relay, NdaMetrics metrics, NdaConfig config, Clock clock) {
        this.vault = vault;
        this.ndas = ndas;
        this.ndaService = ndaService;
        this.proposals = proposals;
        this.outbox = outbox;
        this.relay = relay;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    public static String ndaDocumentId(String reference) {
        return "nda-" + reference;
    }

    public static String ndaDocumentTitle(String reference) {
        return "NDA — Signed (" + reference + ")";
    }

    public Uni<VaultItem> addFile(String partnerId, String title, boolean requiresNda, String filename, String contentType,
            byte[] bytes, String actor) {
        if (bytes.length == 0) {
            throw ProblemException.badRequest("file", "is empty");
        }
        if (bytes.length > config.vault().maxBytes()) {
            throw new ProblemException(Problem.of(413, "too-large", "Payload too large",
                    "A vault file may have at most " + config.vault().maxBytes() + " bytes"));
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        if (!config.vault().contentTypes().contains(type)) {
            throw new ProblemException(Problem.of(415, "unsupported-type", "Unsupported media type",
                    "Accepted file types: " + String.join(", ", config.vault().contentTypes())));
        }
        return proposals.partner(partnerId).chain(p -> {
            Instant now = clock.instant();
            String id = UUID.randomUUID().toString();
            Document doc = base(id, partnerId, title, VaultItem.FILE, requiresNda, actor, now)
                    .append("filename", filename).append("contentType", type).append("size", (long) bytes.length)
                    .append("sha256", Evidence.sha256Hex(bytes));
            Outbox.queue(doc, List.of(outbox.event(partnerId, new DocumentAdded(partnerId, id, title, VaultItem.FILE, requiresNda, now), now)));
            return vault.insertFile(doc, bytes).invoke(() -> relay.wakeUp(Collections.DOCUMENTS, id)).replaceWith(item(doc));
        });
    }

    public Uni<VaultItem> addLink(String partnerId, String title, String url, boolean requiresNda, String actor) {
        return proposals.partner(partnerId).chain(p -> {
            Instant now = clock.instant();
            String id = UUID.randomUUID().toString();
            Document doc = base(id, partnerId, title, VaultItem.LINK, requiresNda, actor, now).append("url", url);
            Outbox.queue(doc, List.of(outbox.event(partnerId, new DocumentAdded(partnerId, id, title, VaultItem.LINK, requiresNda, now), now)));
            return vault.insert(doc).invoke(() -> relay.wakeUp(Collections.DOCUMENTS, id)).replaceWith(item(doc));
        });
    }

    private static Document base(String id, String partnerId, String title, String kind, boolean requiresNda, String actor,
            Instant now) {
        return new Document("_id", id).append("partnerId", partnerId).append("title", title).append("kind", kind)
                .append("requiresNda", requiresNda).append("createdBy", actor).append("createdAt", Date.from(now));
    }

    public Uni<List<VaultItem>> list(String partnerId) {
        return proposals.partner(partnerId).chain(() -> items(partnerId));
    }

    /** Uploaded files and links first (oldest first), then one entry per signed NDA (newest first). */
    public Uni<List<VaultItem>> items(String partnerId) {
        return vault.byPartner(partnerId).chain(docs -> ndas.byPartner(partnerId).map(records -> {
            List<VaultItem> out = new ArrayList<>();
            docs.forEach(d -> out.add(item(d)));
            records.stream().filter(r -> r.get("resetAt") == null).forEach(r -> out.add(ndaItem(r)));
            return out;
        }));
    }

    private static VaultItem ndaItem(Document r) {
        String ref = r.getString("reference");
        return new VaultItem(ndaDocumentId(ref), r.getString("partnerId"), ndaDocumentTitle(ref), VaultItem.NDA, false,
                NdaService.certificateName(ref), "application/pdf", null, null, null, r.getDate("signedAt").toInstant(), ref);
    }

    private static VaultItem item(Document d) {
        Number size = (Number) d.get("size");
        return new VaultItem(d.getString("_id"), d.getString("partnerId"), d.getString("title"), d.getString("kind"),
                Boolean.TRUE.equals(d.getBoolean("requiresNda")), d.getString("filename"), d.getString("contentType"),
                size == null ? null : size.longValue(), d.getString("sha256"), d.getString("url"),
                d.getDate("createdAt").toInstant(), null);
    }

    /**
     * Serves one document to a portal holder: {@code 404} when it is not this partner's, {@code 403}
     * while NDA-gated; otherwise the download is audited (who, when, IP, User-Agent, document hash,
     * the NDA reference that allowed it) with its DocumentDownloaded event, then served.
     */
    public Uni<Download> download(TokenHolder holder, String documentId, String ip, String userAgent) {
        String partnerId = holder.partnerId();
        return resolve(partnerId, documentId).chain(dl -> proposals.partner(partnerId).chain(p -> ndaService.validNda(partnerId)
                .chain(nda -> {
                    boolean active = "active".equals(p.stage);
                    if (dl.item().requiresNda() && nda == null && !active) {
                        throw new ProblemException(Problem.of(403, "nda-required", "Forbidden",
                                "This document is available after the NDA is signed"));
                    }
                    String ndaRef = nda == null ? null : nda.getString("reference");
                    String allowedBy = !dl.item().requiresNda() ? "not-gated" : nda != null ? "nda" : "active";
                    Instant now = clock.instant();
                    String sha = dl.bytes() == null ? null : Evidence.sha256Hex(dl.bytes());
                    Document audit = new Document("_id", UUID.randomUUID().toString()).append("partnerId", partnerId)
                            .append("documentId", documentId).append("title", dl.item().title())
                            .append("downloadedBy", holder.subject()).append("auth", holder.auth())
                            .append("credentialId", holder.credentialId()).append("at", Date.from(now)).append("ip", ip)
                            .append("userAgent", userAgent).append("documentSha256", sha).append("ndaReference", ndaRef)
                            .append("allowedBy", allowedBy);
                    Outbox.queue(audit, List.of(outbox.event(partnerId, new DocumentDownloaded(partnerId, documentId,
                            dl.item().title(), ndaRef, holder.subject(), now), now)));
                    return vault.insertDownload(audit).invoke(metrics::vaultDownloaded)
                            .invoke(() -> relay.wakeUp(Collections.DOWNLOADS, audit.get("_id"))).replaceWith(dl);
                })));
    }

    /**
     * A file of the partner's vault as it was uploaded, for the program's staff: {@code 404} when it
     * is not this partner's or is a link. Not a partner's download, so it leaves no audit row and no
     * DocumentDownloaded event (the gateway's audit log has the staff member's request).
     */
    public Uni<Download> file(String partnerId, String documentId) {
        return resolve(partnerId, documentId).map(dl -> {
            if (dl.bytes() == null) {
                throw ProblemException.notFound("File", documentId);
            }
            return dl;
        });
    }

    private Uni<Download> resolve(String partnerId, String documentId) {
        if (documentId.startsWith("nda-")) {
            return ndas.byReference(documentId.substring(4)).map(r -> {
                if (r == null || !partnerId.equals(r.getString("partnerId")) || r.get("resetAt") != null) {
                    throw ProblemException.notFound("Document", documentId);
                }
                return r;
            }).emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(r -> new Download(ndaItem(r), CertificatePdf.render(NdaRepository.evidence(r), r.getString("hash"))));
        }
        return vault.find(partnerId, documentId).onItem().ifNull().failWith(() -> ProblemException.notFound("Document", documentId))
                .chain(d -> {
                    VaultItem item = item(d);
                    if (VaultItem.LINK.equals(item.kind())) {
                        return Uni.createFrom().item(new Download(item, null));
                    }
                    return vault.content(documentId, item.size()).map(bytes -> new Download(item, bytes));
                });
    }

    public Uni<List<Document>> downloads(String partnerId) {
        return proposals.partner(partnerId).chain(() -> vault.downloads(partnerId));
    }
}
