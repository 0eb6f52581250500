package org.partnerportal.notification.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bson.conversions.Bson;
import org.jboss.logging.Logger;
import org.partnerportal.common.outbox.Outbox;
import org.partnerportal.common.testing.FaultPoint;
import org.partnerportal.notification.config.NotificationConfig;
import java.util.Base64;

import org.partnerportal.events.NotificationEvents;
import org.partnerportal.notification.domain.Attachment;
import org.partnerportal.notification.domain.Delivery;
import org.partnerportal.notification.domain.DeliveryStatus;
import org.partnerportal.notification.messaging.NotificationOutboxRelay;
import org.partnerportal.notification.metrics.NotificationMetrics;
import org.partnerportal.notification.repository.DeliveryRepository;
import org.partnerportal.notification.repository.MailStatusRepository;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends what is due. A row is claimed (pending → sending, with a lease) before its SMTP call, so
 * two senders never send it twice; a failure puts it back with a doubled wait until the attempts
 * run out. Success or final failure and its event are one single-document update.
 * <p>
 * One gap no design closes: a process that dies after the SMTP server accepted a message but
 * before the row says so sends it again when the lease expires. The delivery id travels in the
 * {@code X-PartnerPortal-Delivery} header so such a duplicate can be recognised.
 */
@ApplicationScoped
public class DeliveryDispatcher {

    public static final String DELIVERY_HEADER = "X-PartnerPortal-Delivery";
    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);
    private static final int BATCH = 50;

    private final DeliveryRepository deliveries;
    private final MailStatusRepository mailStatus;
    private final ReactiveMailer mailer;
    private final NotificationOutboxRelay relay;
    private final NotificationMetrics metrics;
    private final EventFactory events;
    private final NotificationConfig config;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    /** Rows this process is sending now: the wire-compatible test server's findOneAndUpdate is not atomic. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /**
     * For system tests only (unset, inert, in production): {@code pp.test.fault.mail-after-accept=<template>}
     * halts the process right after the SMTP server accepted a message of that template and before
     * its row says {@code sent}, the window in which a crash sends the message twice.
     */
    private final FaultPoint afterAccept = FaultPoint.named("mail-after-accept");

    DeliveryDispatcher(DeliveryRepository deliveries, MailStatusRepository mailStatus, ReactiveMailer mailer,
            NotificationOutboxRelay relay, NotificationMetrics metrics, EventFactory events, NotificationConfig config,
            Clock clock) {
        this.deliveries = deliveries;
        this.mailStatus = mailStatus;
        this.mailer = mailer;
        this.relay = relay;
        this.metrics = metrics;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    // not before the application runs: a trigger that fires while it starts would create this bean
    // before the messaging has connected its emitter (SRMSG00019, an ERROR in the start-up log)
    @Scheduled(every = "${pp.notification.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> poll() {
        return dispatchDue();
    }

    /** Starts a pass now, or right after the one that is running. */
    public void wakeUp() {
        dispatchDue().subscribe().with(x -> {
        }, e -> LOG.warn("Delivery pass failed; the next poll retries", e));
    }

    public Uni<Void> dispatchDue() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return Uni.createFrom().voidItem();
        }
        again.set(false);
        Instant now = clock.instant();
        return releaseExpiredLeases(now)
                .chain(() -> deliveries.mongoCollection()
                        .find(Filters.and(Filters.eq("status", DeliveryStatus.PENDING.key()), Filters.lte("nextAttemptAt", now)),
                                new FindOptions().sort(Sorts.ascending("nextAttemptAt")).limit(BATCH))
                        .onItem().transformToUniAndConcatenate(d -> attempt(d.id).onFailure().recoverWithNull())
                        .collect().last())
                .replaceWithVoid()
                .onTermination().invoke(() -> {
                    running.set(false);
                    if (again.getAndSet(false)) {
                        wakeUp();
                    }
                });
    }

    /** One attempt at one row, if it is due and nobody else holds it; null when it was not claimed. */
    public Uni<Delivery> attempt(String id) {
        if (!inFlight.add(id)) {
            return Uni.createFrom().nullItem();
        }
        return claim(id)
                .chain(d -> d == null ? Uni.createFrom().<Delivery> nullItem() : send(d))
                .onTermination().invoke(() -> inFlight.remove(id));
    }

    private Uni<Delivery> claim(String id) {
        Instant now = clock.instant();
        return deliveries.mongoCollection().findOneAndUpdate(
                Filters.and(Filters.eq("_id", id), Filters.eq("status", DeliveryStatus.PENDING.key()),
                        Filters.lte("nextAttemptAt", now)),
                Updates.combine(Updates.set("status", DeliveryStatus.SENDING.key()),
                        Updates.set("leaseUntil", now.plus(config.sendLease())),
                        Updates.inc("attempts", 1),
                        Updates.set("updatedAt", now)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    }

    private Uni<Delivery> send(Delivery d) {
        Mail mail = Mail.withText(d.recipient, d.subject, d.textBody).setHtml(d.htmlBody).addHeader(DELIVERY_HEADER, d.id)
                .addHeader("Message-ID", messageId(d.id));
        if (d.attachments != null) {
            for (Attachment a : d.attachments) {
                mail.addAttachment(a.filename, Base64.getDecoder().decode(a.base64), a.contentType);
            }
        }
        return mailer.send(mail)
                .invoke(() -> afterAccept.reached(d.template, "delivery " + d.id + ", attempt " + d.attempts
                        + ", accepted by the SMTP server and not yet marked sent"))
                .onItem().transformToUni(x -> sent(d))
                .onFailure().recoverWithUni(e -> failed(d, e));
    }

    private Uni<Delivery> sent(Delivery d) {
        Instant now = clock.instant();
        var event = events.notificationEvent(NotificationEvents.NOTIFICATION_SENT, DeliveryService.key(d),
                new NotificationEvents.NotificationSent(d.id, d.eventId,
                d.eventType, d.template, d.lang, DeliveryService.partnerTouch(d), d.partnerId, d.audience, d.recipient,
                d.subject, d.attempts, now), now);
        return mailStatus.recordSuccess(now)
                .chain(() -> finish(d, Updates.combine(Updates.set("status", DeliveryStatus.SENT.key()),
                        Updates.set("sentAt", now), Updates.set("lastError", null), Updates.unset("leaseUntil"),
                        Updates.unset("nextAttemptAt"), Updates.set("updatedAt", now), Outbox.push(event)), true))
                .invoke(updated -> {
                    if (updated != null) {
                        metrics.sent(d.template);
                    }
                });
    }

    private Uni<Delivery> failed(Delivery d, Throwable cause) {
        Instant now = clock.instant();
        String error = describe(cause);
        boolean finalAttempt = d.attempts >= config.maxAttempts();
        LOG.warnf("Delivery %s attempt %d/%d failed%s: %s", d.id, d.attempts, config.maxAttempts(),
                finalAttempt ? " for good" : "", error);
        Bson update;
        if (finalAttempt) {
            var event = events.notificationEvent(NotificationEvents.NOTIFICATION_FAILED, DeliveryService.key(d),
                    new NotificationEvents.NotificationFailed(d.id,
                    d.eventId, d.eventType, d.template, d.lang, DeliveryService.partnerTouch(d), d.partnerId, d.audience,
                    d.recipient, d.subject, d.attempts, error, now), now);
            update = Updates.combine(Updates.set("status", DeliveryStatus.FAILED.key()), Updates.set("lastError", error),
                    Updates.unset("leaseUntil"), Updates.unset("nextAttemptAt"), Updates.set("updatedAt", now),
                    Outbox.push(event));
        } else {
            update = Updates.combine(Updates.set("status", DeliveryStatus.PENDING.key()), Updates.set("lastError", error),
                    Updates.unset("leaseUntil"), Updates.set("nextAttemptAt", now.plus(backoff(d.attempts))),
                    Updates.set("updatedAt", now));
        }
        return mailStatus.recordFailure(now, error).chain(() -> finish(d, update, finalAttempt)).invoke(updated -> {
            if (finalAttempt && updated != null) {
                metrics.failed(d.template);
            }
        });
    }

    /** Ends the attempt; {@code queued}: the update carries an event, which the relay is woken for. */
    private Uni<Delivery> finish(Delivery d, Bson update, boolean queued) {
        return deliveries.mongoCollection()
                .findOneAndUpdate(Filters.and(Filters.eq("_id", d.id), Filters.eq("status", DeliveryStatus.SENDING.key())),
                        update, new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))
                .invoke(updated -> {
                    if (updated != null && queued) {
                        relay.wakeUp(DeliveryRepository.COLLECTION, d.id);
                    }
                });
    }

    /**
     * The same for every attempt at one row: a copy sent again after a crash (see the class
     * comment) carries the Message-ID of the first, which mail clients and archives de-duplicate on.
     */
    public static String messageId(String deliveryId) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(deliveryId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "<" + java.util.HexFormat.of().formatHex(h, 0, 16) + "@notification.partnerportal>";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The wait after attempt {@code n}: the base, doubled for each further attempt, capped. */
    Duration backoff(int attempts) {
        Duration wait = config.retryBackoff().multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }

    /** A sender that died leaves its rows "sending": after the lease they are due again. */
    private Uni<Void> releaseExpiredLeases(Instant now) {
        return deliveries.mongoCollection().updateMany(
                Filters.and(Filters.eq("status", DeliveryStatus.SENDING.key()), Filters.lt("leaseUntil", now)),
                Updates.combine(Updates.set("status", DeliveryStatus.PENDING.key()), Updates.set("nextAttemptAt", now),
                        Updates.unset("leaseUntil")))
                .replaceWithVoid();
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return msg.length() > 500 ? msg.substring(0, 500) : msg;
    }
}
