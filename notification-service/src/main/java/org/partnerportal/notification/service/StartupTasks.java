package org.partnerportal.notification.service;

import java.time.Duration;

import org.partnerportal.notification.repository.DeliveryRepository;
import org.partnerportal.notification.repository.MailingRepository;
import org.partnerportal.notification.repository.PartnerRepository;
import org.partnerportal.notification.repository.TemplateRepository;
import org.partnerportal.notification.repository.TemplateVersionRepository;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Indexes and the built-in templates, before the first request or event. */
@ApplicationScoped
public class StartupTasks {

    void onStart(@Observes StartupEvent event, DeliveryRepository deliveries, TemplateRepository templates,
            TemplateVersionRepository versions, PartnerRepository partners, MailingRepository mailings,
            TemplateService templateService) {
        deliveries.ensureIndexes().chain(templates::ensureIndexes).chain(versions::ensureIndexes)
                .chain(partners::ensureIndexes).chain(mailings::ensureIndexes).chain(templateService::seedBuiltIns)
                .await().atMost(Duration.ofSeconds(30));
    }
}
