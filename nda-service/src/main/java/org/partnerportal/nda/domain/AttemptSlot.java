package org.partnerportal.nda.domain;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * One of the {@code count} slots of an attempt budget ({@code attemptSlots}): {@code _id} =
 * {@code <kind>|<address>|<n>}, held until {@code expireAt}, when the attempt that took it leaves
 * the window. See {@code AttemptSlots}.
 */
@MongoEntity(collection = AttemptSlot.COLLECTION)
public class AttemptSlot {

    public static final String COLLECTION = "attemptSlots";

    @BsonId
    public String id;
    public Instant expireAt;
}
