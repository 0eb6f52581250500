package org.partnerportal.nda.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.bson.BSONException;
import org.bson.Document;
import org.bson.codecs.configuration.CodecConfigurationException;
import org.jboss.logging.Logger;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.events.NdaEvents.DocumentAdded;
import org.partnerportal.events.NdaEvents.NdaSigned;
import org.partnerportal.events.NdaEvents;
import org.partnerportal.events.NotificationRequests.Attachment;
import org.partnerportal.events.NotificationRequests;
import org.partnerportal.nda.config.NdaConfig;
import org.partnerportal.nda.domain.CertificatePdf;
import org.partnerportal.nda.domain.Evidence;
import org.partnerportal.nda.domain.EvidenceSeal;
import org.partnerportal.nda.domain.NdaRecord;
import org.partnerportal.nda.domain.NdaTemplate;
import org.partnerportal.nda.domain.PartnerRef;
import org.partnerportal.nda.domain.TokenHolder;
import org.partnerportal.nda.messaging.NdaOutbox;
import org.partnerportal.nda.messaging.NdaOutboxRelay;
import org.partnerportal.nda.metrics.NdaMetrics;
import org.partnerportal.nda.repository.Collections;
import org.partnerportal.nda.repository.NdaRepository;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Signing the NDA. The record, its place in the evidence chain and the whole outcome (NdaSigned,
 * which moves the stage and writes the timeline entry elsewhere; DocumentAdded for the derived
 * "NDA — Signed" vault document; the admin alert; the signer's record with the certificate PDF)
 * are one insert: the record with its outbox.
 */
@ApplicationScoped
public class NdaService {

    private static final Logger LOG = Logger.getLogger(NdaService.class);
    private static final int MAX_ATTEMPTS = 200;
    public static final String ISSUER = "Partner Portal nda-service (Partnerships)";

    public record Submission(String contactName, String contactEmail, String contactTitle, String signature,
            String templateVersion, String textSha256) {
    }

    public record Verification(boolean valid, int records, String firstBroken, String reason) {
    }

    private final NdaRepository ndas;
    private final SealKeys keys;
    private final NdaTemplateService templates;
    private final ProposalService proposals;
    private final NdaOutbox outbox;
    private final NdaOutboxRelay relay;
    private final NdaMetrics metrics;
    private final NdaConfig config;
    private final Clock clock;

    NdaService(NdaRepository ndas, NdaTemplateService templates, ProposalService proposals, NdaOutbox outbox,
            NdaOutboxRelay relay, NdaMetrics metrics, NdaConfig config, Clock clock, SealKeys keys) {
        this.keys = keys;
        this.ndas = ndas;
        this.templates = templates;
        this.proposals = proposals;
        this.outbox = outbox;
        this.relay = relay;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    public Uni<NdaRecord> submit(TokenHolder holder, Submission s, String ip, String userAgent) {
        NdaTemplate seen = matchingText(s);
        return proposals.partner(holder.partnerId())
                .chain(p -> attempt(holder, p, s, seen, ip, userAgent, 1))
                .invoke(metrics::ndaSigned)
                .invoke(record -> relay.wakeUp(Collections.NDAS, record.id));
    }

    /** The signer must have seen the current text: the version and the hash of one of its languages. */
    private NdaTemplate matchingText(Submission s) {
        if (s.templateVersion().equals(templates.currentVersion())) {
            for (String lang : config.template().languages()) {
                NdaTemplate t = templates.current(lang).orElseThrow();
                if (t.sha256().equalsIgnoreCase(s.textSha256())) {
                    return t;
                }
            }
        }
        throw ProblemException.conflict("nda-text-changed",
                "The NDA text changed since it was shown: read version " + templates.currentVersion() + " again and sign it",
                Map.of("currentVersion", templates.currentVersion()));
    }

    private Uni<NdaRecord> attempt(TokenHolder holder, PartnerRef p, Submission s, NdaTemplate text, String ip, String ua,
            int attempt) {
        if (attempt > MAX_ATTEMPTS) {
            return Uni.createFrom().failure(new IllegalStateException("No free NDA reference after " + MAX_ATTEMPTS + " attempts"));
        }
        return ndas.last().chain(last -> {
            long seq = last == null ? 1 : last.seq + 1;
            String prevHash = last == null ? Evidence.GENESIS : last.hash;
            return Uni.createFrom().item(() -> record(holder, p, s, text, ip, ua, seq, prevHash))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .chain(doc -> ndas.insert(doc).chain(inserted -> {
                        if (inserted) {
                            return Uni.createFrom().item(doc);
                        }
                        LOG.debugf("NDA reference %s taken concurrently; retrying (attempt %d)", Evidence.reference(seq), attempt);
                        return Uni.createFrom().voidItem()
                                .onItem().delayIt().by(Duration.ofMillis(ThreadLocalRandom.current().nextInt(1, 15)))
                                .chain(() -> attempt(holder, p, s, text, ip, ua, attempt + 1));
                    }));
        });
    }

    private NdaRecord record(TokenHolder holder, PartnerRef p, Submission s, NdaTemplate text, String ip, String ua, long seq,
            String prevHash) {
        Instant signedAt = Evidence.truncate(clock.instant());
        Evidence e = new Evidence(Evidence.reference(seq), seq, p.id, p.name, s.contactName().trim(), s.contactEmail().trim(),
                s.contactTitle().trim(), s.signature().trim(), ip, ua, signedAt, Evidence.omanTime(signedAt),
                Evidence.OMAN.getId(), Evidence.expiry(signedAt), text.version(), text.lang(), text.sha256(),
                Evidence.consentWording(text.version(), text.lang(), text.sha256()), holder.auth(), holder.credentialId(), ISSUER, prevHash);
        String hash = e.hash();
        byte[] pdf = CertificatePdf.render(e, hash);
        SealKeys.Signer sealer = keys.signer();
        NdaRecord signed = NdaRecord.of(e, hash);
        signed.seal = EvidenceSeal.seal(sealer.key(), hash);
        signed.sealKeyId = sealer.kid();

        List<Document> events = new ArrayList<>();
        events.add(outbox.event(NdaEvents.NDA_SIGNED, p.id, new NdaSigned(p.id, p.name, e.reference(), e.contactName(), e.contactEmail(),
                e.contactTitle(), e.templateVersion(), e.textSha256(), signedAt, e.signedAtLocal(), e.expiresAt()), signedAt));
        events.add(outbox.event(NdaEvents.DOCUMENT_ADDED, p.id, new DocumentAdded(p.id, VaultService.ndaDocumentId(e.reference()),
                VaultService.ndaDocumentTitle(e.reference()), "nda", false, signedAt), signedAt));
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("partnerName", p.name);
        vars.put("reference", e.reference());
        vars.put("contactName", e.contactName());
        vars.put("contactEmail", e.contactEmail());
        vars.put("signedAt", signedAt.toString());
        events.add(outbox.mail(p.id, NotificationRequests.ADMIN, "nda_signed_admin_alert", "en", config.adminEmails(), vars, null, signedAt));
        Map<String, Object> record = new LinkedHashMap<>(vars);
        record.remove("contactEmail");
        record.put("signedAtLocal", e.signedAtLocal());
        record.put("expiresAt", e.expiresAt().toString());
        record.put("templateVersion", e.templateVersion());
        record.put("textSha256", e.textSha256());
        events.add(outbox.mail(p.id, NotificationRequests.PARTNER, "nda_signed_record", text.lang(), List.of(e.contactEmail()), record,
                List.of(new Attachment(certificateName(e.reference()), "application/pdf", Base64.getEncoder().encodeToString(pdf))),
                signedAt));
        signed.outbox = events;
        signed.outboxPending = true;
        return signed;
    }

    public static String certificateName(String reference) {
        return reference + "-certificate.pdf";
    }

    public Uni<List<NdaRecord>> history(String partnerId) {
        return proposals.partner(partnerId).chain(() -> ndas.byPartner(partnerId));
    }

    /** The certificate is rebuilt from the stored record: the same record gives the same bytes. */
    public Uni<byte[]> certificate(String reference) {
        return certificate(reference, null);
    }

    /**
     * The certificate of one of this partner's records (the signer's own, from the proposal link);
     * another partner's reference is answered as if it did not exist. {@code partnerId} null: any.
     */
    public Uni<byte[]> certificate(String reference, String partnerId) {
        return ndas.byReference(reference)
                .map(r -> r == null || partnerId != null && !partnerId.equals(r.partnerId) ? null : r)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("NDA", reference))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(r -> CertificatePdf.render(r.evidence(), r.hash));
    }

    /** Walks the chain from the first record: each hash must match its content and the next record's prevHash. */
    public Uni<Verification> verify() {
        return ndas.chain().emitOn(Infrastructure.getDefaultWorkerPool()).map(records -> {
            String prev = Evidence.GENESIS;
            long expectedSeq = 1;
            for (NdaRecord d : records) {
                Evidence e;
                String hash;
                try {
                    e = d.evidence();
                    hash = e.hash();
                } catch (RuntimeException bad) {
                    return new Verification(false, records.size(), d.id, "unreadable record");
                }
                if (e.seq() != expectedSeq) {
                    return new Verification(false, records.size(), e.reference(), "sequence gap before this record");
                }
                if (!prev.equals(e.prevHash())) {
                    return new Verification(false, records.size(), e.reference(), "does not link to the previous record");
                }
                if (!hash.equals(d.hash) || !e.reference().equals(d.id)) {
                    return new Verification(false, records.size(), e.reference(), "content does not match its hash");
                }
                // each record with the key that sealed it: a rotation leaves the older records verifiable
                var key = keys.verifier(d.sealKeyId);
                if (key.isEmpty()) {
                    return new Verification(false, records.size(), e.reference(),
                            "no verification key for seal key id " + d.sealKeyId);
                }
                if (!EvidenceSeal.verify(key.get(), hash, d.seal)) {
                    return new Verification(false, records.size(), e.reference(), "the issuer's seal does not match");
                }
                prev = hash;
                expectedSeq++;
            }
            return new Verification(true, records.size(), null, null);
        }).onFailure(e -> e instanceof CodecConfigurationException || e instanceof BSONException)
                // a record whose stored fields no longer have their types: edited outside the service
                .recoverWithItem(e -> new Verification(false, 0, null, "unreadable record: " + e.getMessage()));
    }

    /** The newest valid (unexpired, not reset) NDA of a partner, or null. */
    public Uni<NdaRecord> validNda(String partnerId) {
        Instant now = clock.instant();
        return ndas.byPartner(partnerId).map(list -> list.stream()
                .filter(r -> r.resetAt == null && r.expiresAt.isAfter(now))
                .findFirst().orElse(null));
    }
}
