package org.partnerportal.notification.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.bson.Document;
import org.partnerportal.common.problem.Problem;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.notification.config.NotificationConfig;
import org.partnerportal.notification.domain.BuiltInTemplates;
import org.partnerportal.notification.domain.EmailTemplate;
import org.partnerportal.notification.domain.TemplateRenderer;
import org.partnerportal.notification.domain.TemplateVariable;
import org.partnerportal.notification.repository.TemplateRepository;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Templates per key and language: the built-in ones the workflows use, and admins' own (mass mail). */
@ApplicationScoped
public class TemplateService {

    public static final Set<String> LANGUAGES = Set.of("en", "ar");

    private final TemplateRepository templates;
    private final NotificationConfig config;
    private final Clock clock;

    TemplateService(TemplateRepository templates, NotificationConfig config, Clock clock) {
        this.templates = templates;
        this.config = config;
        this.clock = clock;
    }

    public record TemplateEdit(String subject, String textBody, String htmlBody, String category, String description,
            List<TemplateVariable> variables) {
    }

    public record Saved(EmailTemplate template, boolean created) {
    }

    /** The template in that language, else in the default language; null when neither exists. */
    public Uni<EmailTemplate> resolve(String key, String lang) {
        return templates.findById(EmailTemplate.id(key, lang))
                .chain(t -> t != null || lang.equals(config.defaultLang()) ? Uni.createFrom().item(t)
                        : templates.findById(EmailTemplate.id(key, config.defaultLang())));
    }

    public Uni<List<EmailTemplate>> list(String key, String lang, String category) {
        Document q = new Document();
        if (key != null) {
            q.append("key", key);
        }
        if (lang != null) {
            q.append("lang", lang);
        }
        if (category != null) {
            q.append("category", category);
        }
        return templates.find(q, new Document("key", 1).append("lang", 1)).list();
    }

    public Uni<EmailTemplate> get(String key, String lang) {
        return templates.findById(EmailTemplate.id(key, lang))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Template", key + "/" + lang));
    }

    public Uni<Saved> put(String key, String lang, TemplateEdit edit, String editor) {
        var builtIn = BuiltInTemplates.get(key);
        List<TemplateVariable> variables;
        if (builtIn.isPresent()) {
            if (edit.variables() != null && !names(edit.variables()).equals(names(builtIn.get().variables()))) {
                throw ProblemException.unprocessable("fixed-variables", "The variables of built-in template " + key
                        + " are what its producers send and cannot change: " + names(builtIn.get().variables()));
            }
            variables = builtIn.get().variables();
        } else {
            variables = edit.variables() == null ? List.of() : edit.variables();
        }
        Set<String> declared = names(variables);
        Set<String> unknown = new TreeSet<>(TemplateRenderer.placeholders(edit.subject(), edit.textBody(), edit.htmlBody()));
        unknown.removeAll(declared);
        if (!unknown.isEmpty()) {
            throw new ProblemException(Problem.of(422, "unknown-variable", "Rule violation",
                    "The template uses variables it does not declare: " + String.join(", ", unknown))
                    .withErrors(unknown.stream().map(n -> new Problem.FieldError("variables", "undeclared variable " + n)).toList()));
        }
        String id = EmailTemplate.id(key, lang);
        return templates.findById(id).chain(existing -> {
            EmailTemplate t = new EmailTemplate();
            t.id = id;
            t.key = key;
            t.lang = lang;
            t.builtIn = builtIn.isPresent();
            t.category = builtIn.isPresent() ? EmailTemplate.TRANSACTIONAL
                    : edit.category() != null ? edit.category() : EmailTemplate.MASS_MAIL;
            t.description = edit.description() != null ? edit.description()
                    : existing != null ? existing.description : builtIn.map(BuiltInTemplates.Definition::description).orElse(null);
            t.subject = edit.subject();
            t.textBody = edit.textBody();
            t.htmlBody = edit.htmlBody() == null || edit.htmlBody().isBlank() ? null : edit.htmlBody();
            t.variables = new ArrayList<>(variables);
            t.version = existing == null ? 1 : existing.version + 1;
            t.updatedAt = clock.instant();
            t.updatedBy = editor;
            // replace only the version that was read: a concurrent edit makes this one retry on top of it
            var filter = existing == null ? Filters.eq("_id", id)
                    : Filters.and(Filters.eq("_id", id), Filters.eq("version", existing.version));
            return templates.mongoCollection().replaceOne(filter, t, new ReplaceOptions().upsert(existing == null))
                    .chain(r -> r.getMatchedCount() == 0 && existing != null ? put(key, lang, edit, editor)
                            : Uni.createFrom().item(new Saved(t, existing == null)));
        });
    }

    /** Inserts the built-in templates that are missing; existing ones, possibly edited, stay. */
    public Uni<Void> seedBuiltIns() {
        Instant now = clock.instant();
        return Multi.createFrom().iterable(BuiltInTemplates.seeds())
                .onItem().transformToUniAndConcatenate(t -> {
                    t.updatedAt = now;
                    Document doc = new Document("key", t.key).append("lang", t.lang).append("category", t.category)
                            .append("description", t.description).append("subject", t.subject)
                            .append("textBody", t.textBody).append("builtIn", true).append("version", 1L)
                            .append("updatedAt", java.util.Date.from(now)).append("updatedBy", t.updatedBy)
                            .append("variables", t.variables.stream().map(v -> new Document("name", v.name)
                                    .append("required", v.required).append("description", v.description)).toList());
                    return templates.mongoDatabase().getCollection(TemplateRepository.COLLECTION)
                            .updateOne(Filters.eq("_id", t.id), Updates.setOnInsert(doc), new UpdateOptions().upsert(true))
                            .onFailure(DeliveryService::isDuplicateKey).recoverWithNull();
                })
                .collect().last().replaceWithVoid();
    }

    private static Set<String> names(List<TemplateVariable> variables) {
        return variables.stream().map(v -> v.name).collect(Collectors.toCollection(TreeSet::new));
    }
}
