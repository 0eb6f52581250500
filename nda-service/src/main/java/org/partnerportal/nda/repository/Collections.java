package org.partnerportal.nda.repository;

import java.util.List;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import jakarta.enterprise.context.ApplicationScoped;

/** The service's collections, as BSON documents; repositories map them to domain records. */
@ApplicationScoped
public class Collections {

    /** Per partner: proposal content, issued tokens, legacy code hashes, view counters, portal key version. */
    public static final String PROPOSALS = "proposals";
    /** The NDA signature records (evidence chain), {@code _id} = reference. */
    public static final String NDAS = "partnerNdaRequests";
    public static final String DOCUMENTS = "documents";
    public static final String DOWNLOADS = "downloads";
    public static final String ACTION_ITEMS = "actionItems";
    /** Where pending events wait for the relay. */
    public static final List<String> WITH_OUTBOX = List.of(PROPOSALS, NDAS, DOCUMENTS, DOWNLOADS);

    private final ReactiveMongoClient mongo;
    private final String database;

    Collections(ReactiveMongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.mongo = mongo;
        this.database = database;
    }

    public ReactiveMongoCollection<Document> get(String name) {
        return mongo.getDatabase(database).getCollection(name);
    }
}
