package org.partnerportal.notification.domain;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * The language a recipient reads: set by an admin, or remembered from the last request that named
 * one for that address (a proposal invitation in Arabic makes the NDA record Arabic too).
 * {@code _id} is the lower-cased address.
 */
@MongoEntity(collection = "recipients")
public class RecipientPreference {

    @BsonId
    public String id;
    public String lang;
    /** {@code admin} (set through the API) or {@code request} (remembered). */
    public String source;
    public Instant updatedAt;
}
