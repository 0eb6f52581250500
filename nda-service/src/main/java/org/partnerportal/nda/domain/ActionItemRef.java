package org.partnerportal.nda.domain;

import java.time.Instant;
import java.util.Set;

import org.bson.codecs.pojo.annotations.BsonId;
import org.partnerportal.nda.repository.Collections;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * What the portal shows of one of engagement-service's action items ({@code actionItems},
 * {@code _id} = actionId), projected from ActionItemCreated / Updated / Completed. {@code eventTime}
 * is the time of the event last applied; an older event is ignored.
 */
@MongoEntity(collection = Collections.ACTION_ITEMS)
public class ActionItemRef {

    private static final Set<String> CLOSED = Set.of("done", "completed", "cancelled", "canceled");

    @BsonId
    public String id;
    public String partnerId;
    public String title;
    public String assignee;
    /** ISO date, or null. */
    public String dueDate;
    public String status;
    public String completedBy;
    public String completedVia;
    public Instant eventTime;

    /** Still to be done: no status yet, or one that does not close it. */
    public boolean open() {
        return status == null || !CLOSED.contains(status);
    }
}
