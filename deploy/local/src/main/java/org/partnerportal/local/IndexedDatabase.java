package org.partnerportal.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;

/**
 * A database of {@link IndexedCollection}s (mongo-java-server's memory database otherwise). It
 * remembers each index's declaration, so that a collection can honour
 * {@code partialFilterExpression} and {@code sparse} (a partial unique index is a
 * {@link PartialUniqueIndex}), journals the creation of an empty
 * collection, and answers the count the driver's {@code countDocuments} sends
 * ({@code [$match, $group: {_id, n: {$sum: 1}}]}) with the collection's count, which an index can
 * give without reading documents, instead of running the aggregation over every document.
 */
final class IndexedDatabase extends AbstractSynchronizedMongoDatabase<Integer> {

    private final StoreJournal journal;
    /** Index declarations by {@code <ns>/<name>}, as createIndexes gave them. */
    private final Map<String, Document> declared = new ConcurrentHashMap<>();

    IndexedDatabase(String name, CursorRegistry cursors, StoreJournal journal) {
        super(name, cursors);
        this.journal = journal;
        initializeNamespacesAndIndexes();
    }

    @Override
    protected IndexedCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
        return new IndexedCollection(this, collectionName, options, cursorRegistry, journal);
    }

    @Override
    public MongoCollection<Integer> createCollectionOrThrowIfExists(String collectionName, CollectionOptions options) {
        MongoCollection<Integer> created = super.createCollectionOrThrowIfExists(collectionName, options);
        // a collection made by a write that stored nothing (an update matching nothing) still exists afterwards
        if (journal != null && journal.recording() && !collectionName.startsWith("system.")
                && !JournaledBackend.inSchemaCommand()) {
            journal.append(new Document("o", StoreJournal.ENSURE).append("d", getDatabaseName()).append("c",
                    collectionName));
        }
        return created;
    }

    @Override
    protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
            boolean sparse) {
        Document description = declaredIndex(getDatabaseName() + "." + collectionName, indexName);
        if (description != null && description.get("partialFilterExpression") instanceof Document filter
                && !filter.isEmpty()) {
            return new PartialUniqueIndex(indexName, keys, filter);
        }
        return new MemoryUniqueIndex(indexName, keys, sparse);
    }

    @Override
    protected void addIndex(Document indexDescription) {
        declared.put(indexDescription.get("ns") + "/" + indexDescription.get("name"), indexDescription);
        super.addIndex(indexDescription);
    }

    Document declaredIndex(String namespace, String indexName) {
        return declared.get(namespace + "/" + indexName);
    }

    @Override
    protected long getStorageSize() {
        return 0;
    }

    @Override
    protected long getFileSize() {
        return 0;
    }

    @Override
    public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver resolver,
            Oplog oplog) {
        if (command.equalsIgnoreCase("aggregate")) {
            Document counted = countShaped(query);
            if (counted != null) {
                return counted;
            }
        }
        return super.handleCommand(channel, command, query, resolver, oplog);
    }

    /**
     * The answer to {@code [$match: f, ($skip), ($limit), $group: {_id: x, n: {$sum: 1}}]}, or null
     * for any other pipeline.
     */
    private Document countShaped(Document query) {
        if (!(query.get("aggregate") instanceof String collectionName) || !(query.get("pipeline") instanceof List<?> stages)
                || stages.size() < 2 || stages.size() > 4) {
            return null;
        }
        if (!(stages.get(0) instanceof Document first) || first.size() != 1
                || !(first.get("$match") instanceof Document match)) {
            return null;
        }
        int skip = 0;
        int limit = 0;
        for (Object stage : stages.subList(1, stages.size() - 1)) {
            if (!(stage instanceof Document d) || d.size() != 1) {
                return null;
            }
            if (d.get("$skip") instanceof Number n && skip == 0 && limit == 0) {
                skip = n.intValue();
            } else if (d.get("$limit") instanceof Number n && limit == 0) {
                limit = n.intValue();
            } else {
                return null;
            }
        }
        if (!(stages.get(stages.size() - 1) instanceof Document last) || last.size() != 1
                || !(last.get("$group") instanceof Document group) || group.size() != 2 || !group.containsKey("_id")
                || group.get("_id") instanceof Document || group.get("_id") instanceof String) {
            return null;
        }
        String counter = null;
        for (String key : group.keySet()) {
            if (!key.equals("_id")) {
                counter = key;
            }
        }
        if (!(group.get(counter) instanceof Document sum) || sum.size() != 1
                || !(sum.get("$sum") instanceof Number one) || one.intValue() != 1 || one.doubleValue() != 1.0) {
            return null;
        }
        MongoCollection<Integer> collection = resolveCollection(collectionName, false);
        int count = collection == null ? 0 : collection.count(match, skip, limit);
        List<Document> batch = new ArrayList<>();
        if (count > 0) {
            batch.add(new Document("_id", group.get("_id")).append(counter, count));
        }
        Document cursor = new Document("id", 0L).append("ns", getDatabaseName() + "." + collectionName)
                .append("firstBatch", batch);
        return new Document("cursor", cursor).append("ok", 1.0);
    }
}
