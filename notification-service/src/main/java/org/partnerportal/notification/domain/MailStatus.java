package org.partnerportal.notification.domain;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/** When the SMTP server was last used and how it went: what an admin checks when mail stops. */
@MongoEntity(collection = "mail_status")
public class MailStatus {

    public static final String SMTP = "smtp";

    @BsonId
    public String id;
    public Instant lastUsedAt;
    public Instant lastSuccessAt;
    public Instant lastFailureAt;
    public String lastError;
    public long sent;
    public long failures;
}
