package org.partnerportal.nda.repository;

import java.util.List;

/**
 * The names of the service's collections: each entity's {@code @MongoEntity}, and what the outbox
 * relay is woken with ({@code relay.wakeUp(Collections.DOCUMENTS, id)}).
 */
public final class Collections {

    /** Per partner: proposal content, issued tokens, legacy code hashes, view counters, portal key version. */
    public static final String PROPOSALS = "proposals";
    /** The NDA signature records (evidence chain), {@code _id} = reference. */
    public static final String NDAS = "partnerNdaRequests";
    public static final String DOCUMENTS = "documents";
    public static final String DOWNLOADS = "downloads";
    public static final String ACTION_ITEMS = "actionItems";
    /** Where pending events wait for the relay. */
    public static final List<String> WITH_OUTBOX = List.of(PROPOSALS, NDAS, DOCUMENTS, DOWNLOADS);

    private Collections() {
    }
}
