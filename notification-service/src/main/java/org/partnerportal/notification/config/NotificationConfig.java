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

    /** Recipients of the admin alerts. */
    List<String> adminEmails();
}
