package org.partnerportal.engagement.repository;

import java.time.Instant;
import java.util.Date;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;

/** Small helpers shared by the repositories. */
public final class Mongo {

    private Mongo() {
    }

    public static boolean isDuplicateKey(Throwable e) {
        return e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }

    /** BSON dates written explicitly, whatever codecs the client has. */
    public static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }
}
