package org.partnerportal.engagement.repository;

import java.time.Instant;
import java.util.Date;

/** Small helpers shared by the repositories. */
public final class Mongo {

    private Mongo() {
    }

    /** BSON dates written explicitly, whatever codecs the client has. */
    public static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }
}
