package org.partnerportal.nda.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.partnerportal.common.links.ProposalTokens;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.events.NdaEvents.ProposalInvitationSent;
import org.partnerportal.events.NdaEvents.ProposalIssued;
import org.partnerportal.events.NdaEvents.ProposalViewed;
import org.partnerportal.events.NdaEvents;
import org.partnerportal.events.NotificationRequests;
import org.partnerportal.nda.config.NdaConfig;
import org.partnerportal.nda.domain.Evidence;
import org.partnerportal.nda.domain.PartnerRef;
import org.partnerportal.nda.domain.Proposal;
import org.partnerportal.nda.domain.Sections;
import org.partnerportal.nda.messaging.NdaOutbox;
import org.partnerportal.nda.messaging.NdaOutboxRelay;
import org.partnerportal.nda.metrics.NdaMetrics;
import org.partnerportal.nda.repository.Collections;
import org.partnerportal.nda.repository.PartnerRefRepository;
import org.partnerportal.nda.repository.ProposalRepository.ViewKind;
import org.partnerportal.nda.repository.ProposalRepository;
import org.partnerportal.nda.rest.NdaDtos.ProposalAnalytics;
import org.partnerportal.nda.rest.NdaDtos.SectionReading;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Proposal content, proposal tokens (issue, revoke, legacy codes), the invitation, view tracking. */
@ApplicationScoped
public class ProposalService {

    public record IssuedToken(String token, String url, String jti, Instant expiresAt) {
    }

    public record Invitation(String recipient, String jti, Instant expiresAt) {
    }

    private final ProposalRepository proposals;
    private final PartnerRefRepository partners;
    private final TokenKeys keys;
    private final NdaOutbox outbox;
    private final NdaOutboxRelay relay;
    private final NdaMetrics metrics;
    private final NdaConfig config;
    private final Clock clock;

    ProposalService(ProposalRepository proposals, PartnerRefRepository partners, TokenKeys keys, NdaOutbox outbox,
            NdaOutboxRelay relay, NdaMetrics metrics, NdaConfig config, Clock clock) {
        this.proposals = proposals;
        this.partners = partners;
        this.keys = keys;
        this.outbox = outbox;
        this.relay = relay;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    public Uni<PartnerRef> partner(String partnerId) {
        return partners.findById(partnerId).onItem().ifNull().failWith(() -> ProblemException.notFound("Partner", partnerId));
    }

    public Uni<Map<String, String>> putContent(String partnerId, Map<String, String> sections, String actor) {
        return partner(partnerId).chain(p -> proposals.setSections(partnerId, sections, actor, clock.instant()))
                .replaceWith(sections);
    }

    /** The content, for an admin or a verified token holder only; {@code 404} before any is set. */
    public Uni<Map<String, String>> content(String partnerId) {
        return proposals.findById(partnerId).map(doc -> {
            Map<String, String> s = doc == null ? null : doc.sections;
            if (s == null) {
                throw ProblemException.notFound("Proposal", partnerId);
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (String key : Sections.ALL) {
                if (s.get(key) != null) {
                    out.put(key, s.get(key));
                }
            }
            return out;
        });
    }

    public Uni<IssuedToken> issueToken(String partnerId, String actor) {
        return partner(partnerId).chain(p -> {
            Minted m = mint(p, actor);
            return proposals.addToken(partnerId, m.row, List.of(m.issued)).invoke(() -> relay.wakeUp(Collections.PROPOSALS, partnerId)).replaceWith(m.token);
        });
    }

    /** A fresh token link and the booking link e-mailed to the contact; the public event says only that it went. */
    public Uni<Invitation> sendInvitation(String partnerId, String recipient, String contactName, String lang, String actor) {
        return partner(partnerId).chain(p -> {
            String to = recipient != null ? recipient : p.primaryContact == null ? null : p.primaryContact.email;
            if (to == null || to.isBlank()) {
                throw ProblemException.unprocessable("no-recipient", "The partner has no primary contact e-mail; give a recipient");
            }
            String name = contactName != null ? contactName
                    : p.primaryContact != null && p.primaryContact.name != null ? p.primaryContact.name : to;
            Minted m = mint(p, actor);
            Instant now = m.token.expiresAt().minus(ProposalTokens.VALIDITY);
            Map<String, Object> vars = new LinkedHashMap<>();
            vars.put("contactName", name);
            vars.put("partnerName", p.name);
            vars.put("proposalUrl", m.token.url());
            vars.put("bookingUrl", config.bookingUrl());
            vars.put("expiresAt", m.token.expiresAt().toString());
            List<Document> events = new ArrayList<>();
            events.add(m.issued);
            events.add(outbox.event(NdaEvents.PROPOSAL_INVITATION_SENT, partnerId, new ProposalInvitationSent(partnerId, to, actor, now), now));
            events.add(outbox.mail(partnerId, NotificationRequests.PARTNER, "proposal_invitation", lang, List.of(to), vars, null, now));
            return proposals.addToken(partnerId, m.row, events).invoke(() -> relay.wakeUp(Collections.PROPOSALS, partnerId))
                    .replaceWith(new Invitation(to, m.token.jti(), m.token.expiresAt()));
        });
    }

    private record Minted(IssuedToken token, Proposal.IssuedToken row, Document issued) {
    }

    private Minted mint(PartnerRef p, String actor) {
        Instant now = Evidence.truncate(clock.instant());
        Instant exp = now.plus(ProposalTokens.VALIDITY);
        String jti = UUID.randomUUID().toString();
        String token = ProposalTokens.sign(keys.proposalPrivateKey(), keys.proposalKid(), p.id, jti, now, exp);
        String url = config.publicUrl() + "/partnership/" + p.id + "?token=" + token;
        Proposal.IssuedToken row = Proposal.IssuedToken.of(jti, now, exp, actor);
        Document issued = outbox.event(NdaEvents.PROPOSAL_ISSUED, p.id, new ProposalIssued(p.id, p.name, jti, exp, actor, now), now);
        return new Minted(new IssuedToken(token, url, jti, exp), row, issued);
    }

    public Uni<List<Proposal.IssuedToken>> tokens(String partnerId) {
        return partner(partnerId).chain(() -> proposals.findById(partnerId))
                .map(doc -> doc == null || doc.tokens == null ? List.<Proposal.IssuedToken>of() : doc.tokens);
    }

    public Uni<Void> revoke(String partnerId, String jti) {
        return proposals.revoke(partnerId, jti, clock.instant()).chain(revoked -> {
            if (revoked) {
                return Uni.createFrom().voidItem();
            }
            // revoking twice is fine; an unknown jti is not
            return tokens(partnerId).map(list -> {
                if (list.stream().noneMatch(t -> jti.equals(t.jti))) {
                    throw ProblemException.notFound("Proposal token", jti);
                }
                return null;
            }).replaceWithVoid();
        });
    }

    public Uni<Void> addLegacyCode(String partnerId, String code, String actor) {
        String hash = Evidence.sha256Hex(code.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return partner(partnerId).chain(() -> proposals.addLegacyCode(partnerId, hash, actor, clock.instant()));
    }

    /**
     * Counts time on a section for one visit of the page ({@code visitId}; without one the report is
     * a visit of its own). The proposal's first view is flagged once and alerts the admins; the
     * page sends its first report as soon as the proposal shows, so the alert does not wait for
     * the partner to leave.
     */
    public Uni<ViewKind> view(String partnerId, String section, int seconds, String visitId) {
        Instant now = clock.instant();
        String visit = visitId != null ? visitId : UUID.randomUUID().toString();
        return partner(partnerId).chain(p -> proposals.recordView(partnerId, section, seconds, visit, now, kind -> {
            List<Document> events = new ArrayList<>();
            events.add(outbox.event(NdaEvents.PROPOSAL_VIEWED, partnerId,
                    new ProposalViewed(partnerId, section, seconds, kind.first(), visit, kind.visitStart(), now), now));
            if (kind.first()) {
                Map<String, Object> vars = new LinkedHashMap<>();
                vars.put("partnerName", p.name);
                vars.put("section", section);
                vars.put("viewedAt", now.toString());
                events.add(outbox.mail(partnerId, NotificationRequests.ADMIN, "proposal_first_view_admin_alert", "en", config.adminEmails(), vars, null, now));
            }
            return events;
        })).invoke(kind -> metrics.proposalViewed(kind.first())).invoke(() -> relay.wakeUp(Collections.PROPOSALS, partnerId));
    }

    /** Per section in page order (seconds, visits that read it, reports, last read) and the totals; zeros before any view. */
    public Uni<ProposalAnalytics> analytics(String partnerId) {
        return partner(partnerId).chain(() -> proposals.findById(partnerId)).map(doc -> {
            Map<String, Proposal.SectionViews> views = doc == null ? null : doc.views;
            List<SectionReading> sections = new ArrayList<>();
            long seconds = 0;
            for (String key : Sections.ALL) {
                Proposal.SectionViews v = views == null ? null : views.get(key);
                SectionReading r = v == null ? new SectionReading(key, 0, 0, 0, null)
                        : new SectionReading(key, v.seconds, v.visits, v.count, v.lastAt);
                seconds += r.seconds();
                sections.add(r);
            }
            return doc == null ? new ProposalAnalytics(partnerId, 0, seconds, 0, null, null, sections)
                    : new ProposalAnalytics(partnerId, doc.visitCount, seconds, doc.viewCount, doc.firstViewedAt,
                            doc.lastViewedAt, sections);
        });
    }
}
