package org.partnerportal.notification.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * One e-mail template in one language; {@code _id} is {@code key:lang}. Built-in templates are
 * seeded once and may then be edited; their variable list is fixed because producers supply it.
 */
@MongoEntity(collection = "templates")
public class EmailTemplate {

    public static final String TRANSACTIONAL = "transactional";
    public static final String MASS_MAIL = "mass_mail";

    @BsonId
    public String id;
    public String key;
    public String lang;
    public String category;
    public String description;
    public String subject;
    public String textBody;
    /** Optional; when absent the text body is sent as HTML with its line breaks kept. */
    public String htmlBody;
    public List<TemplateVariable> variables = new ArrayList<>();
    public boolean builtIn;
    public long version;
    public Instant updatedAt;
    public String updatedBy;

    public static String id(String key, String lang) {
        return key + ":" + lang;
    }
}
