package org.partnerportal.notification.service;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.partnerportal.notification.config.NotificationConfig;
import org.partnerportal.notification.domain.BuiltInTemplates;
import org.partnerportal.notification.domain.Delivery;
import org.partnerportal.notification.domain.DeliveryStatus;
import org.partnerportal.notification.domain.MailStatus;
import org.partnerportal.notification.repository.MailStatusRepository;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The mail configuration as an admin may see it (secret masked) and the test message. */
@ApplicationScoped
public class MailSettingsService {

    public static final String TEST_EVENT_TYPE = "partnerportal.TestEmailRequested.v1";

    private final MailStatusRepository status;
    private final DeliveryService deliveries;
    private final DeliveryDispatcher dispatcher;
    private final NotificationConfig config;
    private final Clock clock;
    private final Settings settings;

    public record Settings(String host, int port, String from, Optional<String> username, Optional<String> password,
            String startTls, boolean mock) {
    }

    MailSettingsService(MailStatusRepository status, DeliveryService deliveries, DeliveryDispatcher dispatcher,
            NotificationConfig config, Clock clock,
            @ConfigProperty(name = "quarkus.mailer.host") String host,
            @ConfigProperty(name = "quarkus.mailer.port", defaultValue = "25") int port,
            @ConfigProperty(name = "quarkus.mailer.from") String from,
            @ConfigProperty(name = "quarkus.mailer.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.mailer.password") Optional<String> password,
            @ConfigProperty(name = "quarkus.mailer.start-tls", defaultValue = "OPTIONAL") String startTls,
            @ConfigProperty(name = "quarkus.mailer.mock", defaultValue = "false") boolean mock) {
        this.status = status;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.config = config;
        this.clock = clock;
        this.settings = new Settings(host, port, from, username, password, startTls, mock);
    }

    public Settings settings() {
        return settings;
    }

    public NotificationConfig delivery() {
        return config;
    }

    public Uni<MailStatus> status() {
        return status.findById(MailStatus.SMTP).onItem().ifNull().continueWith(() -> {
            MailStatus s = new MailStatus();
            s.id = MailStatus.SMTP;
            return s;
        });
    }

    /** Logs and sends one test message now; the answer is the row after that first attempt. */
    public Uni<Delivery> sendTest(String to, String lang, String requestedBy) {
        String eventId = "test-" + UUID.randomUUID();
        MailRequest request = new MailRequest(BuiltInTemplates.TEST_EMAIL, lang, to, null, MailRequest.ADMIN,
                Map.of("sentBy", requestedBy, "sentAt", clock.instant().toString()));
        return deliveries.enqueue(eventId, TEST_EVENT_TYPE, List.of(request))
                .chain(rows -> dispatcher.attempt(rows.get(0).id).chain(() -> settled(rows.get(0).id)));
    }

    /** The row once no sender holds it (the poller may have picked it up first), waiting at most ~10 s. */
    private Uni<Delivery> settled(String id) {
        return Uni.createFrom().deferred(() -> deliveries.get(id))
                .repeat().withDelay(Duration.ofMillis(100)).whilst(d -> DeliveryStatus.SENDING.key().equals(d.status))
                .select().first(100)
                .collect().last();
    }

    /** Enough to recognise a secret, never enough to use it. */
    public static String mask(String secret) {
        if (secret == null || secret.isEmpty()) {
            return null;
        }
        return secret.length() >= 12 ? "********" + secret.substring(secret.length() - 2) : "********";
    }
}
