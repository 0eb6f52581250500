package org.partnerportal.notification.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.bson.Document;
import org.jboss.logging.Logger;
import org.partnerportal.common.mongo.MongoErrors;
import org.partnerportal.common.problem.Problem;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.notification.config.NotificationConfig;
import org.partnerportal.notification.domain.BuiltInTemplates;
import org.partnerportal.notification.domain.EmailTemplate;
import org.partnerportal.notification.domain.TemplateRenderer;
import org.partnerportal.notification.domain.TemplateVariable;
import org.partnerportal.notification.domain.TemplateVersion;
import org.partnerportal.notification.repository.TemplateRepository;
import org.partnerportal.notification.repository.TemplateVersionRepository;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Templates per key and language: the built-in ones the workflows use, and admins' own (mass mail). */
@ApplicationScoped
public class TemplateService {

    public static final Set<String> LANGUAGES = Set.of("en", "ar");

    private static final Logger LOG = Logger.getLogger(TemplateService.class);
    static final String SYSTEM = "system";

    private final TemplateRepository templates;
    private final TemplateVersionRepository history;
    private final NotificationConfig config;
    private final Clock clock;

    TemplateService(TemplateRepository templates, TemplateVersionRepository history, NotificationConfig config, Clock clock) {
        this.templates = templates;
        this.history = history;
        this.config = config;
        this.clock = clock;
    }

    public record TemplateEdit(String subject, String textBody, String htmlBody, String category, String description,
            List<TemplateVariable> variables) {
    }

    public record Saved(EmailTemplate template, boolean created) {
    }

    /** The template in that language, else in the default language; null when neither exists. */
    public Uni<EmailTemplate> resolve(String requestedKey, String lang) {
        String key = BuiltInTemplates.canonical(requestedKey);
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
        try {
            TemplateRenderer.check(names(variables), edit.subject(), edit.textBody(), edit.htmlBody());
        } catch (TemplateRenderer.InvalidTemplateException e) {
            String type = e.unknown.isEmpty() ? "invalid-template" : "unknown-variable";
            throw new ProblemException(Problem.of(422, type, "Rule violation", e.getMessage())
                    .withErrors(e.unknown.stream().map(n -> new Problem.FieldError("variables", "undeclared variable " + n)).toList()));
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
            Uni<Void> keep = existing == null ? Uni.createFrom().voidItem()
                    : history.persistOrUpdate(TemplateVersion.of(existing, t.updatedAt, editor)).replaceWithVoid();
            return keep.chain(() -> templates.mongoCollection().replaceOne(filter, t, new ReplaceOptions().upsert(existing == null)))
                    .chain(r -> r.getMatchedCount() == 0 && existing != null ? put(key, lang, edit, editor)
                            : Uni.createFrom().item(new Saved(t, existing == null)));
        });
    }

    /** The earlier versions of a template, newest first. */
    public Uni<List<TemplateVersion>> versions(String key, String lang) {
        return get(key, lang).chain(t -> history.find(new Document("key", key).append("lang", lang),
                new Document("version", -1)).list());
    }

    /**
     * Inserts the built-in templates that are missing and refreshes those nobody edited (so a new
     * release's wording applies); an admin's edit stays. Templates still in the first release's
     * {@code {{name}}} syntax are rewritten in Qute's, and unedited rows of renamed keys go.
     */
    public Uni<Void> seedBuiltIns() {
        Instant now = clock.instant();
        Uni<Void> seeds = Multi.createFrom().iterable(BuiltInTemplates.seeds())
                .onItem().transformToUniAndConcatenate(seed -> templates.findById(seed.id).chain(existing -> {
                    seed.updatedAt = now;
                    if (existing == null) {
                        return templates.mongoCollection().insertOne(seed).replaceWithVoid()
                                .onFailure(MongoErrors::isDuplicateKey).recoverWithNull();
                    }
                    if (SYSTEM.equals(existing.updatedBy) && !same(existing, seed)) {
                        seed.version = existing.version + 1;
                        return history.persistOrUpdate(TemplateVersion.of(existing, now, SYSTEM))
                                .chain(() -> templates.mongoCollection().replaceOne(
                                        Filters.and(Filters.eq("_id", seed.id), Filters.eq("version", existing.version)), seed))
                                .replaceWithVoid();
                    }
                    return Uni.createFrom().voidItem();
                }))
                .collect().last().replaceWithVoid();
        return seeds.chain(this::migrateLegacySyntax)
                .chain(() -> templates.mongoCollection().deleteMany(Filters.and(
                        Filters.in("key", BuiltInTemplates.RENAMED.keySet()), Filters.eq("updatedBy", SYSTEM))))
                .replaceWithVoid();
    }

    private Uni<Void> migrateLegacySyntax() {
        Instant now = clock.instant();
        return templates.listAll().chain(all -> Multi.createFrom().iterable(all)
                .filter(t -> TemplateRenderer.usesLegacySyntax(t.subject, t.textBody, t.htmlBody))
                .onItem().transformToUniAndConcatenate(t -> {
                    LOG.infof("Template %s rewritten from {{name}} to Qute syntax", t.id);
                    EmailTemplate before = copyOf(t);
                    t.subject = TemplateRenderer.fromLegacySyntax(t.subject);
                    t.textBody = TemplateRenderer.fromLegacySyntax(t.textBody);
                    t.htmlBody = TemplateRenderer.fromLegacySyntax(t.htmlBody);
                    t.version = t.version + 1;
                    t.updatedAt = now;
                    t.updatedBy = "system-migration";
                    return history.persistOrUpdate(TemplateVersion.of(before, now, t.updatedBy))
                            .chain(() -> templates.update(t)).replaceWithVoid();
                })
                .collect().last().replaceWithVoid());
    }

    private static EmailTemplate copyOf(EmailTemplate t) {
        EmailTemplate c = new EmailTemplate();
        c.id = t.id;
        c.key = t.key;
        c.lang = t.lang;
        c.category = t.category;
        c.description = t.description;
        c.subject = t.subject;
        c.textBody = t.textBody;
        c.htmlBody = t.htmlBody;
        c.variables = new ArrayList<>(t.variables);
        c.builtIn = t.builtIn;
        c.version = t.version;
        c.updatedAt = t.updatedAt;
        c.updatedBy = t.updatedBy;
        return c;
    }

    private static boolean same(EmailTemplate a, EmailTemplate b) {
        return java.util.Objects.equals(a.subject, b.subject) && java.util.Objects.equals(a.textBody, b.textBody)
                && java.util.Objects.equals(a.htmlBody, b.htmlBody) && java.util.Objects.equals(a.description, b.description)
                && a.variables.stream().map(v -> v.name + v.required).toList()
                        .equals(b.variables.stream().map(v -> v.name + v.required).toList());
    }

    private static Set<String> names(List<TemplateVariable> variables) {
        return variables.stream().map(v -> v.name).collect(Collectors.toCollection(TreeSet::new));
    }
}
