package org.partnerportal.notification.service;

import org.partnerportal.common.startup.StartupWork;
import org.partnerportal.notification.repository.DeliveryRepository;
import org.partnerportal.notification.repository.MailingRepository;
import org.partnerportal.notification.repository.PartnerRepository;
import org.partnerportal.notification.repository.TemplateRepository;
import org.partnerportal.notification.repository.TemplateVersionRepository;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Indexes and the built-in templates, before the first request or event: begun before the Kafka
 * channels connect and awaited at the end of the start ({@link StartupWork}).
 */
@ApplicationScoped
public class StartupTasks {

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, StartupWork work,
            DeliveryRepository deliveries, TemplateRepository templates, TemplateVersionRepository versions,
            PartnerRepository partners, MailingRepository mailings, TemplateService templateService) {
        work.begin(deliveries.ensureIndexes().chain(templates::ensureIndexes).chain(versions::ensureIndexes)
                .chain(partners::ensureIndexes).chain(mailings::ensureIndexes).chain(templateService::seedBuiltIns));
    }
}
