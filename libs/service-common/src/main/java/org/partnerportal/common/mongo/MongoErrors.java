package org.partnerportal.common.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;

/** How the MongoDB driver reports what the services decide on. */
public final class MongoErrors {

    private MongoErrors() {
    }

    /**
     * A unique index refused the write. An insert or update reports it as a write error; a
     * find-and-modify (an upsert included) reports it as a command error with code 11000, so
     * both count.
     */
    public static boolean isDuplicateKey(Throwable e) {
        return e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
                || e instanceof MongoCommandException c
                        && ErrorCategory.fromErrorCode(c.getErrorCode()) == ErrorCategory.DUPLICATE_KEY;
    }

    /**
     * A bulk write (an {@code insertMany}, a {@code bulkWrite}) whose every refused write was a
     * duplicate key: for inserts keyed by an event id, "those were there already".
     */
    public static boolean isOnlyDuplicateKeys(Throwable e) {
        return e instanceof MongoBulkWriteException b && b.getWriteConcernError() == null && !b.getWriteErrors().isEmpty()
                && b.getWriteErrors().stream().allMatch(w -> ErrorCategory.fromErrorCode(w.getCode()) == ErrorCategory.DUPLICATE_KEY);
    }
}
