package org.partnerportal.notification.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.bson.conversions.Bson;
import org.jboss.logging.Logger;
import org.partnerportal.common.api.PageResponse;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.notification.config.NotificationConfig;
import org.partnerportal.notification.domain.Delivery;
import org.partnerportal.notification.domain.DeliveryStatus;
import org.partnerportal.notification.domain.EmailTemplate;
import org.partnerportal.notification.domain.TemplateRenderer;
import org.partnerportal.notification.messaging.NotificationEvents;
import org.partnerportal.notification.messaging.NotificationOutboxRelay;
import org.partnerportal.notification.repository.DeliveryRepository;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

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
    private final TemplateService templates;
    private final DeliveryDispatcher dispatcher;
    private final NotificationOutboxRelay relay;
    private final EventFactory events;
    private final NotificationConfig config;
    private final Clock clock;

    DeliveryService(DeliveryRepository deliveries, TemplateService templates, DeliveryDispatcher dispatcher,
            NotificationOutboxRelay relay, EventFactory events, NotificationConfig config, Clock clock) {
        this.deliveries = deliveries;
        this.templates = templates;
        this.dispatcher = dispatcher;
        this.relay = relay;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /** Stores one row per request; rows that already exist (a redelivered event) are left as they are. */
    public Uni<List<Delivery>> enqueue(String eventId, String eventType, List<MailRequest> requests) {
        return Multi.createFrom().iterable(requests)
                .onItem().transformToUniAndConcatenate(r -> enqueueOne(eventId, eventType, r))
                .collect().asList()
                .invoke(rows -> {
                    dispatcher.wakeUp();
                    relay.wakeUp();
                });
    }

    private Uni<Delivery> enqueueOne(String eventId, String eventType, MailRequest r) {
        String recipient = r.recipient().trim().toLowerCase(Locale.ROOT);
        String lang = r.lang() == null || r.lang().isBlank() ? config.defaultLang() : r.lang().trim().toLowerCase(Locale.ROOT);
        String id = Delivery.id(eventId, r.template(), recipient);
        return deliveries.findById(id).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(existing);
            }
            return templates.resolve(r.template(), lang).chain(template -> {
                Delivery d = newRow(id, eventId, eventType, r, recipient, template == null ? lang : template.lang);
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
                    d.outbox.add(events.notificationEvent(key(d), new NotificationEvents.NotificationFailed(d.id, d.eventId,
                            d.eventType, d.template, d.lang, partnerTouch(d), d.partnerId, d.audience, d.recipient,
                            d.subject, 0, d.lastError, d.createdAt),
                            d.createdAt));
                }
                return deliveries.persist(d)
                        .onFailure(DeliveryService::isDuplicateKey).recoverWithUni(() -> deliveries.findById(id));
            });
        });
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

    public Uni<PageResponse<Delivery>> list(String partnerId, DeliveryStatus status, String template, String eventId,
            int page, int size) {
        List<Bson> filters = new ArrayList<>();
        if (eventId != null) {
            filters.add(Filters.eq("eventId", eventId));
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

    static boolean isDuplicateKey(Throwable e) {
        return e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
}
