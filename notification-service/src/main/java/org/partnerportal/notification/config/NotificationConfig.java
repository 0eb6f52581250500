package org.partnerportal.notification.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How deliveries are sent: {@code pp.notification.*}. */
@ConfigMapping(prefix = "pp.notification")
public interface NotificationConfig {

    /** Attempts per message before it is marked failed. */
    @WithDefault("5")
    int maxAttempts();

    /** Wait before the second attempt; doubles with each further one, up to {@link #maxBackoff()}. */
    @WithDefault("30s")
    Duration retryBackoff();

    @WithDefault("15m")
    Duration maxBackoff();

    /** How long a claimed message stays claimed: a sender that died frees it after this. */
    @WithDefault("2m")
    Duration sendLease();

    @WithDefault("2s")
    Duration pollInterval();

    /** The language used when a request names none or names one without a template. */
    @WithDefault("en")
    String defaultLang();

    /**
     * Whether NdaSigned (admin alert + the signer's record with a certificate built here) and
     * ProposalViewed {@code first} send e-mails themselves. Off by default: nda-service requests
     * those e-mails on notification-requests (the record with its PDF certificate). Either way one
     * NDA gets one alert and one record: both paths share the NDA reference as idempotency key.
     */
    @WithDefault("false")
    boolean ndaEventMails();

    /** Total size of the attachments of one request. */
    @WithDefault("5242880")
    long maxAttachmentBytes();

    /** Mass mailing: messages per minute (the rows are spread out over time). */
    @WithDefault("60")
    int massMailPerMinute();

    /** Mass mailing: recipients per mailing. */
    @WithDefault("2000")
    int massMailMaxRecipients();

    /** Recipients of the admin alerts. */
    List<String> adminEmails();
}
