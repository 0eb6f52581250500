package org.partnerportal.notification.service;

import org.partnerportal.common.startup.StartupWork;
import org.partnerportal.notification.repository.DeliveryRepository;
import org.partnerportal.notification.repository.MailingRepository;
import org.partnerportal.notification.repository.PartnerRepository;
import org.partnerportal.notification.repository.TemplateRepository;
import org.partnerportal.notification.repository.TemplateVersionRepository;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Indexes and the built-in templates, before the first request or event: the indexes begun before
 * the Kafka channels connect, the templates once they are connected (as before); the start waits for
 * both ({@link StartupWork}).
 */
@ApplicationScoped
public class StartupTasks {

    private Uni<Void> indexes;

    void indexes(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, StartupWork work,
            DeliveryRepository deliveries, TemplateRepository templates, TemplateVersionRepository versions,
            PartnerRepository partners, MailingRepository mailings) {
        indexes = work.begin(deliveries.ensureIndexes().chain(templates::ensureIndexes).chain(versions::ensureIndexes)
                .chain(partners::ensureIndexes).chain(mailings::ensureIndexes));
    }

    void templates(@Observes StartupEvent event, StartupWork work, TemplateService templateService) {
        work.begin(indexes.chain(templateService::seedBuiltIns));
    }
}
