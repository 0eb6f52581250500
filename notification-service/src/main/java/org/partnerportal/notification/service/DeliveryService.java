package org.partnerportal.notification.service;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.bson.conversions.Bson;
import org.jboss.logging.Logger;
import org.partnerportal.common.api.PageResponse;
import org.partnerportal.common.mongo.MongoErrors;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.events.NotificationEvents;
import org.partnerportal.notification.config.NotificationConfig;
import org.partnerportal.notification.domain.Delivery;
import org.partnerportal.notification.domain.DeliveryStatus;
import org.partnerportal.notification.domain.EmailTemplate;
import org.partnerportal.notification.domain.TemplateRenderer;
import org.partnerportal.notification.messaging.NotificationOutboxRelay;
import org.partnerportal.notification.metrics.NotificationMetrics;
import org.partnerportal.notification.repository.DeliveryRepository;
import org.partnerportal.notification.repository.RecipientRepository;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.FindOptions;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Records requested messages in the delivery log, rendered from their template. A request that
 * cannot be rendered (no template, a required value missing, a bad address) is logged as failed
 * at once rather than retried: no retry would fix it.
 */
@ApplicationScoped
public class DeliveryService {

    private static final Logger LOG = Logger.getLogger(DeliveryService.class);
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s<>,;\"]+@[^@\\s<>,;\"]+\\.[^@\\s<>,;\"]+$");

    private final DeliveryRepository deliveries;
    private final RecipientRepository recipients;
    private final TemplateService templates;
    private final DeliveryDispatcher dispatcher;
    private final NotificationOutboxRelay relay;
    private final NotificationMetrics metrics;
    private final EventFactory events;
    private final NotificationConfig config;
    private final Clock clock;

    DeliveryService(DeliveryRepository deliveries, RecipientRepository recipients, TemplateService templates, DeliveryDispatcher dispatcher,
            NotificationOutboxRelay relay, NotificationMetrics metrics, EventFactory events, NotificationConfig config,
            Clock clock) {
        this.deliveries = deliveries;
        this.recipients = recipients;
        this.templates = templates;
        this.dispatcher = dispatcher;
        this.relay = relay;
        this.metrics = metrics;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /** Stores one row per request; rows that already exist (a redelivered event) are left as they are. */
    public Uni<List<Delivery>> enqueue(String eventId, String eventType, List<MailRequest> requests) {
        return enqueue(eventId, eventType, requests, null, Duration.ZERO);
    }

    /**
     * As above; {@code mailingId} tags the rows of a mass mailing, and {@code spacing} spreads the
     * rows out in time (row n is due n × spacing from now): the throttle of a mass mailing.
     */
    public Uni<List<Delivery>> enqueue(String eventId, String eventType, List<MailRequest> requests, String mailingId,
            Duration spacing) {
        Instant start = clock.instant();
        AtomicInteger n = new AtomicInteger();
        return Multi.createFrom().iterable(requests)
                .onItem().transformToUniAndConcatenate(r -> enqueueOne(eventId, eventType, r, mailingId,
                        start.plus(spacing.multipliedBy(n.getAndIncrement()))))
                .collect().asList()
                .invoke(rows -> {
                    dispatcher.wakeUp();
                    // only a row that could not be rendered carries an event (NotificationFailed)
                    rows.stream().filter(d -> d.outboxPending).forEach(d -> relay.wakeUp(DeliveryRepository.COLLECTION, d.id));
                });
    }

    private Uni<Delivery> enqueueOne(String eventId, String eventType, MailRequest r, String mailingId, Instant due) {
        String recipient = r.recipient().trim().toLowerCase(Locale.ROOT);
        String source = r.sourceId() != null && !r.sourceId().isBlank() ? r.sourceId() : eventId;
        String id = Delivery.id(source, r.template(), recipient);
        return deliveries.findById(id).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(existing);
            }
            return language(recipient, r).chain(lang -> templates.resolve(r.template(), lang).chain(template -> {
                Delivery d = newRow(id, eventId, eventType, r, recipient, template == null ? lang : template.lang);
                d.mailingId = mailingId;
                d.nextAttemptAt = due;
                d.attachments = r.attachments() == null ? new ArrayList<>() : new ArrayList<>(r.attachments());
                try {
                    if (template == null) {
                        throw new IllegalArgumentException("no template " + r.template() + " in " + lang + " or " + config.defaultLang());
                    }
                    if (!EMAIL.matcher(recipient).matches()) {
                        throw new IllegalArgumentException("not an e-mail address: " + recipient);
                    }
                    TemplateRenderer.Rendered m = TemplateRenderer.render(template, r.variables());
                    d.subject = m.subject();
                    d.textBody = m.text();
                    d.htmlBody = m.html();
                } catch (RuntimeException e) {
                    LOG.warnf("Delivery %s cannot be rendered: %s", id, e.getMessage());
                    d.status = DeliveryStatus.FAILED.key();
                    d.lastError = e.getMessage();
                    d.nextAttemptAt = null;
                    d.outbox.add(events.notificationEvent(NotificationEvents.NOTIFICATION_FAILED, key(d),
                            new NotificationEvents.NotificationFailed(d.id, d.eventId,
                            d.eventType, d.template, d.lang, partnerTouch(d), d.partnerId, d.audience, d.recipient,
                            d.subject, 0, d.lastError, d.createdAt),
                            d.createdAt));
                    d.outboxPending = true;
                }
                return deliveries.persist(d)
                        .invoke(() -> {
                            if (DeliveryStatus.FAILED.key().equals(d.status)) {
                                metrics.failed(d.template);
                            }
                        })
                        .onFailure(MongoErrors::isDuplicateKey).recoverWithUni(() -> deliveries.findById(id));
            }));
        });
    }

    /**
     * The language of one message: the one asked for (remembered for that address when the message
     * goes to the partner's side), else the address's known language, else the default.
     */
    private Uni<String> language(String recipient, MailRequest r) {
        String asked = r.lang() == null || r.lang().isBlank() ? null : r.lang().trim().toLowerCase(Locale.ROOT);
        if (asked != null) {
            if (!MailRequest.PARTNER.equals(r.audience()) || !TemplateService.LANGUAGES.contains(asked)) {
                return Uni.createFrom().item(asked);
            }
            return recipients.mongoCollection().updateOne(
                    Filters.and(Filters.eq("_id", recipient), Filters.ne("source", "admin")),
                    Updates.combine(Updates.set("lang", asked), Updates.set("source", "request"),
                            Updates.set("updatedAt", clock.instant())),
                    new UpdateOptions().upsert(true))
                    .onFailure(MongoErrors::isDuplicateKey).recoverWithNull()
                    .replaceWith(asked);
        }
        return recipients.findById(recipient).map(p -> p != null && p.lang != null ? p.lang : config.defaultLang());
    }

    private Delivery newRow(String id, String eventId, String eventType, MailRequest r, String recipient, String lang) {
        Instant now = clock.instant();
        Delivery d = new Delivery();
        d.id = id;
        d.eventId = eventId;
        d.eventType = eventType;
        d.template = r.template();
        d.lang = lang;
        d.recipient = recipient;
        d.partnerId = r.partnerId();
        d.audience = r.audience() == null ? MailRequest.PARTNER : r.audience();
        d.status = DeliveryStatus.PENDING.key();
        d.attempts = 0;
        d.nextAttemptAt = now;
        d.createdAt = now;
        d.updatedAt = now;
        return d;
    }

    /** Filters of the log; each is optional. {@code since}/{@code until} bound {@code createdAt}. */
    public record Filter(String partnerId, DeliveryStatus status, String template, String eventId, String recipient,
            String audience, String mailingId, Instant since, Instant until) {
    }

    public Uni<PageResponse<Delivery>> list(Filter f, int page, int size) {
        String partnerId = f.partnerId();
        DeliveryStatus status = f.status();
        String template = f.template();
        List<Bson> filters = new ArrayList<>();
        if (f.eventId() != null) {
            filters.add(Filters.eq("eventId", f.eventId()));
        }
        if (f.recipient() != null) {
            filters.add(Filters.eq("recipient", f.recipient().toLowerCase(Locale.ROOT)));
        }
        if (f.audience() != null) {
            filters.add(Filters.eq("audience", f.audience()));
        }
        if (f.mailingId() != null) {
            filters.add(Filters.eq("mailingId", f.mailingId()));
        }
        if (f.since() != null) {
            filters.add(Filters.gte("createdAt", f.since()));
        }
        if (f.until() != null) {
            filters.add(Filters.lt("createdAt", f.until()));
        }
        if (partnerId != null) {
            filters.add(Filters.eq("partnerId", partnerId));
        }
        if (status != null) {
            filters.add(Filters.eq("status", status.key()));
        }
        if (template != null) {
            filters.add(Filters.eq("template", template));
        }
        Bson filter = filters.isEmpty() ? new org.bson.Document() : Filters.and(filters);
        var coll = deliveries.mongoCollection();
        return Uni.combine().all().unis(
                coll.find(filter, new FindOptions().sort(Sorts.descending("createdAt")).skip(page * size).limit(size))
                        .collect().asList(),
                coll.countDocuments(filter))
                .asTuple().map(t -> new PageResponse<>(t.getItem1(), t.getItem2(), page, size));
    }

    public Uni<Delivery> get(String id) {
        return deliveries.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Delivery", id));
    }

    /** The partner whose timeline the message belongs on: none for an admin alert. */
    static String partnerTouch(Delivery d) {
        return MailRequest.ADMIN.equals(d.audience) ? null : d.partnerId;
    }

    static String key(Delivery d) {
        return d.partnerId != null ? d.partnerId : d.id;
    }
}
