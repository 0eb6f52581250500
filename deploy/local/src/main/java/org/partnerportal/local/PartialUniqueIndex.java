package org.partnerportal.local;

import java.util.List;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.Document;

/**
 * A unique index with a {@code partialFilterExpression}: only documents its filter matches are
 * in it, so only they must be unique (mongo-java-server would hold every document to it and
 * refuse writes a MongoDB accepts). It answers no query by itself, since it lacks the other
 * documents. It counts as sparse towards mongo-java-server (a document it lacks is not an
 * error), so a document that matches the filter but has none of the fields is not held to it
 * either.
 */
final class PartialUniqueIndex extends MemoryUniqueIndex {

    private final Document filter;
    private final DefaultQueryMatcher matcher = new DefaultQueryMatcher();

    PartialUniqueIndex(String name, List<IndexKey> keys, Document filter) {
        super(name, keys, true);
        this.filter = filter;
    }

    private boolean holds(Document document) {
        return document != null && matcher.matches(document, filter);
    }

    @Override
    public boolean canHandle(Document query) {
        return false;
    }

    @Override
    public Integer getPosition(Document document) {
        return holds(document) ? super.getPosition(document) : null;
    }

    @Override
    public synchronized void checkAdd(Document document, MongoCollection<Integer> collection) {
        if (holds(document)) {
            super.checkAdd(document, collection);
        }
    }

    @Override
    public synchronized void add(Document document, Integer position, MongoCollection<Integer> collection) {
        if (holds(document)) {
            super.add(document, position, collection);
        }
    }

    @Override
    public synchronized Integer remove(Document document) {
        return holds(document) ? super.remove(document) : null;
    }

    @Override
    public synchronized void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Integer> collection) {
        if (!holds(newDocument)) {
            return;
        }
        if (!holds(oldDocument)) {
            // entering the index: like an insert
            super.checkAdd(newDocument, collection);
            return;
        }
        super.checkUpdate(oldDocument, newDocument, collection);
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, Integer position,
            MongoCollection<Integer> collection) {
        boolean was = holds(oldDocument);
        boolean is = holds(newDocument);
        if (was && is) {
            super.updateInPlace(oldDocument, newDocument, position, collection);
        } else if (was) {
            super.remove(oldDocument);
        } else if (is) {
            super.add(newDocument, position, collection);
        }
    }

    @Override
    public Document toIndexDescription() {
        Document description = super.toIndexDescription();
        description.remove("sparse");
        description.put("partialFilterExpression", filter);
        return description;
    }

}
