package org.partnerportal.notification.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * One mass mailing: a mass-mail template sent to a selection of partner contacts, one
 * personalised message (one delivery row, {@code mailingId} = this id) per recipient.
 */
@MongoEntity(collection = "mailings")
public class Mailing {

    @BsonId
    public String id;
    public String template;
    /** Null: each recipient's own language. */
    public String lang;
    public List<String> tiers = new ArrayList<>();
    public List<String> stages = new ArrayList<>();
    public List<String> eventIds = new ArrayList<>();
    public List<String> tags = new ArrayList<>();
    public List<String> partnerIds = new ArrayList<>();
    public Map<String, String> variables;
    public int recipients;
    /** Selected partners without a contact address. */
    public List<String> skippedPartnerIds = new ArrayList<>();
    public String createdBy;
    public Instant createdAt;
}
