package org.partnerportal.notification.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/** A template as it was before an edit replaced it; {@code _id} is {@code key:lang:version}. */
@MongoEntity(collection = "template_versions")
public class TemplateVersion {

    @BsonId
    public String id;
    public String key;
    public String lang;
    public long version;
    public String category;
    public String description;
    public String subject;
    public String textBody;
    public String htmlBody;
    public List<TemplateVariable> variables = new ArrayList<>();
    public Instant updatedAt;
    public String updatedBy;
    public Instant replacedAt;
    public String replacedBy;

    public static TemplateVersion of(EmailTemplate t, Instant replacedAt, String replacedBy) {
        TemplateVersion v = new TemplateVersion();
        v.id = t.key + ":" + t.lang + ":" + t.version;
        v.key = t.key;
        v.lang = t.lang;
        v.version = t.version;
        v.category = t.category;
        v.description = t.description;
        v.subject = t.subject;
        v.textBody = t.textBody;
        v.htmlBody = t.htmlBody;
        v.variables = t.variables;
        v.updatedAt = t.updatedAt;
        v.updatedBy = t.updatedBy;
        v.replacedAt = replacedAt;
        v.replacedBy = replacedBy;
        return v;
    }
}
