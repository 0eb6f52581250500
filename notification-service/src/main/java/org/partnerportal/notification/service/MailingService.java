package org.partnerportal.notification.service;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.partnerportal.common.mongo.MongoErrors;
import org.partnerportal.common.problem.Problem;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.notification.config.NotificationConfig;
import org.partnerportal.notification.domain.DeliveryStatus;
import org.partnerportal.notification.domain.EmailTemplate;
import org.partnerportal.notification.domain.Mailing;
import org.partnerportal.notification.domain.PartnerEntry;
import org.partnerportal.notification.domain.TemplateRenderer;
import org.partnerportal.notification.domain.TemplateVariable;
import org.partnerportal.notification.repository.DeliveryRepository;
import org.partnerportal.notification.repository.MailingRepository;

import com.mongodb.client.model.Filters;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Mass mailings: a {@code mass_mail} template to the primary contacts of the partners selected by
 * tier, stage, event, tag or id (from this service's projection of the public events) and to explicit
 * recipients. Each recipient gets one personalised message and one delivery row; the rows are
 * spread out in time ({@code mass-mail-per-minute}) and sent by the usual dispatcher, with its
 * retries. The mailing id is the idempotency key: the same id again sends nothing more.
 */
@ApplicationScoped
public class MailingService {

    public static final String EVENT_TYPE = "partnerportal.MassMailRequested.v1";
    /** What each recipient's message may use besides the mailing's own variables. */
    public static final Set<String> PERSONAL = Set.of("contactName", "contactEmail", "partnerName", "tier", "stage");

    private final MailingRepository mailings;
    private final DeliveryRepository deliveries;
    private final DeliveryService deliveryService;
    private final TemplateService templates;
    private final PartnerDirectory partners;
    private final NotificationConfig config;
    private final Clock clock;

    MailingService(MailingRepository mailings, DeliveryRepository deliveries, DeliveryService deliveryService,
            TemplateService templates, PartnerDirectory partners, NotificationConfig config, Clock clock) {
        this.mailings = mailings;
        this.deliveries = deliveries;
        this.deliveryService = deliveryService;
        this.templates = templates;
        this.partners = partners;
        this.config = config;
        this.clock = clock;
    }

    public record ExtraRecipient(String email, String name, String partnerId, String lang, Map<String, String> variables) {
    }

    public record Request(String id, String template, String lang, List<String> tiers, List<String> stages,
            List<String> eventIds, List<String> tags, List<String> partnerIds, List<ExtraRecipient> recipients,
            Map<String, String> variables) {
    }

    public record Counts(long pending, long sending, long sent, long failed) {
    }

    public record Created(Mailing mailing, boolean created) {
    }

    /** One recipient as the preview lists it. */
    public record PreviewRecipient(String email, String contactName, String partnerId, String partnerName) {
    }

    /**
     * What a mailing would send, without sending: the number of messages, the partners skipped (no
     * contact address), the first recipients, and the first message as it would be rendered (or why
     * it cannot be).
     */
    public record Preview(String template, String lang, int recipients, List<String> skippedPartnerIds,
            List<PreviewRecipient> sample, String subject, String text, String html, List<String> renderErrors) {
    }

    /** Recipients a preview lists. */
    static final int PREVIEW_SAMPLE = 20;

    /** A request checked and resolved: its template, common variables, one message per address, the partners skipped. */
    private record Plan(EmailTemplate template, Map<String, String> common, Map<String, MailRequest> byAddress,
            Map<String, String> partnerNames, List<String> skipped) {
    }

    public Uni<Created> send(Request r, String createdBy) {
        String id = r.id() != null ? r.id() : UUID.randomUUID().toString();
        return mailings.findById(id).chain(existing -> existing != null ? Uni.createFrom().item(new Created(existing, false))
                : plan(r).chain(p -> create(id, r, p, createdBy)));
    }

    /** The same checks and selection as {@link #send}, and nothing written. */
    public Uni<Preview> preview(Request r) {
        return plan(r).map(p -> {
            List<PreviewRecipient> sample = p.byAddress().values().stream().limit(PREVIEW_SAMPLE)
                    .map(m -> new PreviewRecipient(m.recipient(), m.variables().get("contactName"), m.partnerId(),
                            m.partnerId() == null ? null : p.partnerNames().get(m.partnerId())))
                    .toList();
            MailRequest first = p.byAddress().values().iterator().next();
            String subject = null;
            String text = null;
            String html = null;
            List<String> errors = List.of();
            try {
                TemplateRenderer.Rendered rendered = TemplateRenderer.render(p.template(), first.variables());
                subject = rendered.subject();
                text = rendered.text();
                html = rendered.html();
            } catch (TemplateRenderer.MissingVariablesException e) {
                errors = e.missing.stream().map(n -> "the first recipient has no value for " + n).toList();
            }
            return new Preview(p.template().key, r.lang(), p.byAddress().size(), p.skipped(), sample, subject, text, html,
                    errors);
        });
    }

    private Uni<Plan> plan(Request r) {
        return templates.get(r.template(), r.lang() != null ? r.lang() : config.defaultLang()).chain(t -> {
            if (!EmailTemplate.MASS_MAIL.equals(t.category)) {
                throw ProblemException.unprocessable("not-mass-mail",
                        "Template " + r.template() + " is a " + t.category + " template, not a mass-mail one");
            }
            Map<String, String> common = r.variables() == null ? Map.of() : r.variables();
            List<String> missing = t.variables.stream().filter(v -> v.required)
                    .map(v -> v.name).filter(n -> !PERSONAL.contains(n) && blank(common.get(n))).toList();
            if (!missing.isEmpty()) {
                throw new ProblemException(Problem.of(422, "missing-variable", "Rule violation",
                        "The mailing gives no value for: " + String.join(", ", missing))
                        .withErrors(missing.stream().map(n -> new Problem.FieldError("variables." + n, "required")).toList()));
            }
            boolean selects = notEmpty(r.tiers()) || notEmpty(r.stages()) || notEmpty(r.eventIds()) || notEmpty(r.tags())
                    || notEmpty(r.partnerIds());
            Uni<List<PartnerEntry>> selected = selects
                    ? partners.select(r.tiers(), r.stages(), r.eventIds(), r.tags()).map(l -> notEmpty(r.partnerIds())
                            ? l.stream().filter(p -> r.partnerIds().contains(p.id)).toList() : l)
                    : Uni.createFrom().item(List.of());
            return selected.map(list -> plan(r, t, common, list));
        });
    }

    private Plan plan(Request r, EmailTemplate t, Map<String, String> common, List<PartnerEntry> selected) {
        Map<String, MailRequest> byAddress = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (PartnerEntry p : selected) {
            if (blank(p.contactEmail)) {
                skipped.add(p.id);
                continue;
            }
            Map<String, String> v = new LinkedHashMap<>(common);
            putIfValue(v, "contactName", p.contactName);
            putIfValue(v, "contactEmail", p.contactEmail);
            putIfValue(v, "partnerName", p.name);
            putIfValue(v, "tier", p.tier);
            putIfValue(v, "stage", p.stage);
            if (p.name != null) {
                names.put(p.id, p.name);
            }
            byAddress.putIfAbsent(p.contactEmail.trim().toLowerCase(Locale.ROOT),
                    new MailRequest(t.key, r.lang(), p.contactEmail, p.id, MailRequest.PARTNER, Map.copyOf(v)));
        }
        if (r.recipients() != null) {
            for (ExtraRecipient x : r.recipients()) {
                Map<String, String> v = new LinkedHashMap<>(common);
                if (x.variables() != null) {
                    v.putAll(x.variables());
                }
                putIfValue(v, "contactName", x.name());
                putIfValue(v, "contactEmail", x.email());
                byAddress.putIfAbsent(x.email().trim().toLowerCase(Locale.ROOT), new MailRequest(t.key,
                        x.lang() != null ? x.lang() : r.lang(), x.email(), x.partnerId(), MailRequest.PARTNER, Map.copyOf(v)));
            }
        }
        if (byAddress.isEmpty()) {
            throw ProblemException.unprocessable("no-recipients", "The selection has no partner contact with an e-mail address");
        }
        if (byAddress.size() > config.massMailMaxRecipients()) {
            throw ProblemException.unprocessable("too-many-recipients",
                    byAddress.size() + " recipients; a mailing may have " + config.massMailMaxRecipients());
        }
        return new Plan(t, common, byAddress, names, skipped);
    }

    private Uni<Created> create(String id, Request r, Plan p, String createdBy) {
        Mailing m = new Mailing();
        m.id = id;
        m.template = p.template().key;
        m.lang = r.lang();
        m.tiers = list(r.tiers());
        m.stages = list(r.stages());
        m.eventIds = list(r.eventIds());
        m.tags = list(r.tags());
        m.partnerIds = list(r.partnerIds());
        m.variables = p.common();
        m.recipients = p.byAddress().size();
        m.skippedPartnerIds = p.skipped();
        m.createdBy = createdBy;
        m.createdAt = clock.instant();
        Duration spacing = Duration.ofMillis(60_000L / Math.max(1, config.massMailPerMinute()));
        // the mailing first: a crash before its rows leaves a mailing that a retry with its id completes
        return mailings.persist(m)
                .onFailure(MongoErrors::isDuplicateKey).recoverWithUni(() -> mailings.findById(id))
                .chain(saved -> deliveryService.enqueue(id, EVENT_TYPE, new ArrayList<>(p.byAddress().values()), id, spacing)
                        .replaceWith(new Created(saved, true)));
    }

    public Uni<Mailing> get(String id) {
        return mailings.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Mailing", id));
    }

    public Uni<List<Mailing>> recent(int limit) {
        return mailings.findAll(io.quarkus.panache.common.Sort.descending("createdAt")).page(0, limit).list();
    }

    public Uni<Counts> counts(String mailingId) {
        return Multi.createFrom().items(DeliveryStatus.values())
                .onItem().transformToUniAndConcatenate(s -> deliveries.mongoCollection()
                        .countDocuments(Filters.and(Filters.eq("mailingId", mailingId), Filters.eq("status", s.key()))))
                .collect().asList()
                .map(c -> new Counts(c.get(0), c.get(1), c.get(2), c.get(3)));
    }

    private static void putIfValue(Map<String, String> v, String k, String value) {
        if (!blank(value)) {
            v.put(k, value);
        }
    }

    private static List<String> list(List<String> l) {
        return l == null ? new ArrayList<>() : new ArrayList<>(new LinkedHashSet<>(l));
    }

    private static boolean notEmpty(List<String> l) {
        return l != null && !l.isEmpty();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static List<String> names(List<TemplateVariable> vs) {
        return vs.stream().map(v -> v.name).toList();
    }
}
