package org.partnerportal.local;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentComparator;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * A collection held in memory, like mongo-java-server's memory backend (a list of documents,
 * positions reused first-freed-first), with three additions:
 * <ul>
 * <li>every change is journaled ({@link StoreJournal}) while the collection is locked, so the
 * journal holds each collection's changes in the order they were made: a document written in
 * full after an insert or an update, its {@code _id} after a delete;</li>
 * <li>a stored document is never changed in place: an update works on a copy and stores it in
 * the old one's place, so an answer being written to a client while the next update runs is
 * never seen half-changed (mongo-java-server's memory collection changes the very object);</li>
 * <li>the declared indexes are kept in key order ({@link SortedIndex}) and a query uses the best
 * one instead of reading every document: equality on a leading part of the index, a start bound
 * on the next field (a range, or the {@code $or} a keyset cursor sends), and a sort the index
 * order gives, so that a sorted page reads its 20 documents, not the collection; a skipped page
 * and a count the index alone answers find their place by rank ({@link RankedList}) instead of
 * walking the entries before it, so that no query holds the collection for long. An {@code _id}
 * in the filter (with anything else beside it) is looked up in the {@code _id} index.</li>
 * </ul>
 * Results are those of the plain evaluation (filter every document, then mongo-java-server's
 * stable sort): an index only narrows which documents the same filter sees, and gives them in
 * the order the sort would (key order, then position, the scan's own order). Anything the planner
 * does not recognise is left to mongo-java-server.
 */
final class IndexedCollection extends AbstractSynchronizedMongoCollection<Integer> {

    private final IndexedDatabase database;
    private final StoreJournal journal;
    private final Map<String, SortedIndex> sorted = new LinkedHashMap<>();

    private final List<Document> documents = new ArrayList<>();
    private final ArrayDeque<Integer> freed = new ArrayDeque<>();
    private final BitSet free = new BitSet();
    private int dataSize;
    /** An update is selecting its documents: hand it copies, which it may change. Guarded by this. */
    private boolean updating;

    IndexedCollection(IndexedDatabase database, String name, CollectionOptions options, CursorRegistry cursors,
            StoreJournal journal) {
        super(database, name, options, cursors);
        this.database = database;
        this.journal = journal;
    }

    // ---- storage -------------------------------------------------------------------------------

    @Override
    protected void updateDataSize(int sizeDelta) {
        dataSize += sizeDelta;
    }

    @Override
    protected int getDataSize() {
        return dataSize;
    }

    @Override
    protected Document getDocument(Integer position) {
        return documents.get(position);
    }

    @Override
    public synchronized int count() {
        return documents.size() - freed.size();
    }

    @Override
    public synchronized boolean isEmpty() {
        return count() == 0;
    }

    @Override
    protected Integer findDocumentPosition(Document document) {
        int position = documents.indexOf(document);
        return position < 0 ? null : position;
    }

    @Override
    protected Stream<DocumentWithPosition<Integer>> streamAllDocumentsWithPosition() {
        return IntStream.range(0, documents.size()).filter(i -> !free.get(i))
                .mapToObj(i -> new DocumentWithPosition<>(documents.get(i), i));
    }

    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
            Document fieldSelector) {
        Stream<Document> all = IntStream.range(0, documents.size()).map(i -> isNaturalDescending(orderBy)
                ? documents.size() - 1 - i : i).filter(i -> !free.get(i)).mapToObj(documents::get);
        return matchDocumentsFromStream(all, query, orderBy, skip, limit, batchSize, fieldSelector);
    }

    @Override
    protected QueryResult createQueryResult(List<Document> matched, int batchSize) {
        if (updating) {
            // the update changes what it is given: a copy, stored in the original's place by handleUpdate
            List<Document> copies = new ArrayList<>(matched.size());
            matched.forEach(d -> copies.add(d.cloneDeeply()));
            return super.createQueryResult(copies, batchSize);
        }
        return super.createQueryResult(matched, batchSize);
    }

    @Override
    public synchronized Document updateDocuments(Document selector, Document update, ArrayFilters arrayFilters,
            boolean multi, boolean upsert, Oplog oplog) {
        updating = true;
        try {
            return super.updateDocuments(selector, update, arrayFilters, multi, upsert, oplog);
        } finally {
            updating = false;
        }
    }

    @Override
    public synchronized Document findAndModify(Document query) {
        updating = true;
        try {
            return super.findAndModify(query);
        } finally {
            updating = false;
        }
    }

    // ---- changes: indexes kept, journal written --------------------------------------------

    private boolean journaled() {
        return journal != null && journal.recording() && !getCollectionName().startsWith("system.");
    }

    private Document record(String op) {
        return new Document("o", op).append("d", getDatabaseName()).append("c", getCollectionName());
    }

    @Override
    protected Integer addDocumentInternal(Document document) {
        Integer position = freed.poll();
        if (position == null) {
            position = documents.size();
            documents.add(document);
        } else {
            documents.set(position, document);
            free.clear(position);
        }
        for (SortedIndex index : sorted.values()) {
            index.add(position, document);
        }
        if (journaled()) {
            journal.append(record(StoreJournal.PUT).append("v", document));
        }
        return position;
    }

    @Override
    protected void handleUpdate(Integer position, Document oldDocument, Document newDocument) {
        documents.set(position, newDocument);
        for (SortedIndex index : sorted.values()) {
            index.update(position, newDocument);
        }
        if (journaled()) {
            journal.append(record(StoreJournal.PUT).append("v", newDocument));
        }
    }

    @Override
    protected void removeDocument(Integer position) {
        Document document = getDocument(position);
        documents.set(position, null);
        freed.add(position);
        free.set(position);
        for (SortedIndex index : sorted.values()) {
            index.remove(position);
        }
        if (journaled() && document != null && getIdField() != null) {
            journal.append(record(StoreJournal.DELETE).append("i", document.get(getIdField())));
        }
    }

    @Override
    public synchronized void addIndex(Index<Integer> index) {
        super.addIndex(index);
        List<IndexKey> keys = index.getKeys();
        if (sorted.containsKey(index.getName()) || (keys.size() == 1 && keys.get(0).getKey().equals("_id"))) {
            return;
        }
        Document description = database.declaredIndex(getFullName(), index.getName());
        Document partial = description == null ? null : (Document) description.get("partialFilterExpression");
        boolean sparse = description != null && Boolean.TRUE.equals(description.get("sparse"));
        SortedIndex s = new SortedIndex(index.getName(), keys.stream().map(IndexKey::getKey).toList(),
                keys.stream().map(IndexKey::isAscending).toList(), partial, sparse);
        streamAllDocumentsWithPosition().forEach(d -> s.add(d.getPosition(), d.getDocument()));
        sorted.put(index.getName(), s);
    }

    @Override
    public synchronized void dropIndex(String indexName) {
        super.dropIndex(indexName);
        sorted.remove(indexName);
    }

    /** Every document, for a snapshot; call with writers stopped. */
    synchronized List<Document> allDocuments() {
        List<Document> all = new ArrayList<>(count());
        streamAllDocumentsWithPosition().forEach(d -> all.add(d.getDocument()));
        return all;
    }

    /** Puts a document read back from the files, replacing the one with its {@code _id}. */
    synchronized void restore(Document document) {
        Document existing = byId(document.get(getIdField()));
        if (existing != null) {
            removeDocument(existing);
        }
        addDocument(document);
    }

    /** Deletes a document by {@code _id}, read back from the files. */
    synchronized void restoreDelete(Object id) {
        Document existing = byId(id);
        if (existing != null) {
            removeDocument(existing);
        }
    }

    private Document byId(Object id) {
        Index<Integer> idIndex = idIndex();
        if (idIndex == null) {
            return streamAllDocumentsWithPosition().map(d -> d.getDocument())
                    .filter(d -> Objects.equals(d.get(getIdField()), id)).findFirst().orElse(null);
        }
        Integer position = idIndex.getPosition(new Document(getIdField(), id));
        return position == null ? null : getDocument(position);
    }

    private Index<Integer> idIndex() {
        for (Index<Integer> index : getIndexes()) {
            if (index.isUnique() && index.getKeys().size() == 1 && index.getKeys().get(0).getKey().equals("_id")) {
                return index;
            }
        }
        return null;
    }

    // ---- queries -----------------------------------------------------------------------------

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
            Document fieldSelector) {
        Conditions conditions = Conditions.of(query);
        if (conditions == null || natural(orderBy)) {
            return super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
        }
        Iterable<Integer> byId = byIdCandidates(conditions);
        if (byId != null) {
            // in position order: the order a scan would have met them in
            TreeSet<Integer> positions = new TreeSet<>();
            byId.forEach(positions::add);
            return matchDocumentsFromStream(positions.stream().map(this::getDocument), query, orderBy, skip, limit,
                    batchSize, fieldSelector);
        }
        Plan plan = plan(conditions, sortKeys(orderBy), limit > 0);
        if (plan == null) {
            return super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
        }
        if (plan.servesSort()) {
            // when the index alone decides the filter, skipped documents are counted off the index, not read
            int skipInIndex = plan.decides(conditions) ? Math.max(skip, 0) : 0;
            return matchDocumentsFromStream(query, plan.inOrder(skipInIndex), skip - skipInIndex, limit, batchSize,
                    null, fieldSelector);
        }
        return matchDocumentsFromStream(plan.candidates().stream().map(this::getDocument), query, orderBy, skip,
                limit, batchSize, fieldSelector);
    }

    /** What {@link #queryDocuments} would do, for the tests and the bench: the index used, or null for a scan. */
    synchronized String explain(Document query, Document orderBy, boolean limited) {
        Conditions conditions = Conditions.of(query);
        if (conditions == null || natural(orderBy)) {
            return null;
        }
        if (byIdCandidates(conditions) != null) {
            return "_id_";
        }
        Plan plan = plan(conditions, sortKeys(orderBy), limited);
        return plan == null ? null : plan.index().name() + (plan.servesSort() ? " (sorted)" : "");
    }

    /** A declared index by name, for the tests: how far its walks went. */
    synchronized SortedIndex sortedIndex(String name) {
        return sorted.get(name);
    }

    @Override
    public synchronized int count(Document query, int skip, int limit) {
        Conditions conditions = Conditions.of(query);
        if (conditions != null && !conditions.fields().isEmpty()) {
            Long exact = countFromIndex(conditions);
            if (exact != null) {
                long count = Math.max(0, exact - Math.max(skip, 0));
                return (int) (limit > 0 ? Math.min(limit, count) : count);
            }
        }
        return super.count(query, skip, limit);
    }

    private static boolean natural(Document orderBy) {
        return orderBy != null && orderBy.containsKey("$natural");
    }

    private record SortKey(String field, boolean ascending) {
    }

    private static List<SortKey> sortKeys(Document orderBy) {
        if (orderBy == null || orderBy.isEmpty()) {
            return List.of();
        }
        List<SortKey> keys = new ArrayList<>();
        for (Map.Entry<String, Object> e : orderBy.entrySet()) {
            if (!(e.getValue() instanceof Number n)) {
                return null;
            }
            keys.add(new SortKey(e.getKey(), n.intValue() > 0));
        }
        return keys;
    }

    /** The positions an {@code _id} equality or {@code $in} names, or null when the filter has none. */
    private Iterable<Integer> byIdCandidates(Conditions conditions) {
        if (!"_id".equals(getIdField()) || !conditions.fields().containsKey("_id")
                || (conditions.fields().size() == 1 && conditions.or() == null)) {
            // a filter on _id alone is mongo-java-server's own index lookup already
            return null;
        }
        Index<Integer> idIndex = idIndex();
        if (idIndex == null) {
            return null;
        }
        Object condition = conditions.fields().get("_id");
        Object eq = Conditions.equality(condition);
        if (eq != Conditions.NONE && eq != null) {
            return idIndex.getPositions(new Document("_id", eq));
        }
        if (condition instanceof Document d && d.size() == 1 && d.get("$in") instanceof Collection<?> values
                && values.stream().allMatch(v -> v != null && Conditions.seekable(v))) {
            return idIndex.getPositions(new Document("_id", new Document("$in", new ArrayList<>(values))));
        }
        return null;
    }

    /** A chosen index and how it is walked. */
    private final class Plan {
        private final SortedIndex index;
        private final List<Object> prefix;
        private final Bound start;
        private final boolean forward;
        /** How many sort keys (after those the equality fixes) the index order gives; -1 when it gives none. */
        private final int servedKeys;
        private final List<SortKey> restOfSort;
        private final Object stop;
        private final boolean stopInclusive;

        Plan(SortedIndex index, List<Object> prefix, Bound start, boolean forward, int servedKeys,
                List<SortKey> restOfSort, Object stop, boolean stopInclusive) {
            this.index = index;
            this.prefix = prefix;
            this.start = start;
            this.forward = forward;
            this.servedKeys = servedKeys;
            this.restOfSort = restOfSort;
            this.stop = stop;
            this.stopInclusive = stopInclusive;
        }

        SortedIndex index() {
            return index;
        }

        boolean servesSort() {
            return servedKeys > 0;
        }

        private int walkCompare(Object value, Object bound) {
            int field = prefix.size();
            int c = index.comparator(field).compare(value, bound);
            return forward ? c : -c;
        }

        private boolean beyondStop(SortedIndex.Entry entry) {
            if (stop == null) {
                return false;
            }
            int c = walkCompare(entry.values()[prefix.size()], stop);
            return stopInclusive ? c > 0 : c >= 0;
        }

        /** The positions the index range holds (plus the documents it keeps aside), in position order. */
        TreeSet<Integer> candidates() {
            TreeSet<Integer> positions = new TreeSet<>(index.aside());
            for (SortedIndex.Entry entry : index.range(prefix, start.values(), start.exclusive(), forward)) {
                if (beyondStop(entry)) {
                    break;
                }
                positions.add(entry.position());
            }
            return positions;
        }

        /**
         * Whether a document is in this plan's range exactly when it matches: the filter is only
         * equalities on the prefix, the index orders every document it holds and holds them all.
         */
        boolean decides(Conditions conditions) {
            return conditions.or() == null && conditions.fields().size() == prefix.size() && start.values().isEmpty()
                    && stop == null && index.ordered() && index.partialFilter() == null && !index.sparse()
                    && index.fields().subList(0, prefix.size()).containsAll(conditions.fields().keySet());
        }

        /**
         * The documents in sort order, read lazily: runs of entries equal on the sorted fields,
         * each run in position order (the stable sort's order for ties) and sorted by any sort
         * keys the index does not give. The first {@code skip} are passed over without reading
         * their documents: only when the plan {@link #decides} the filter, so that each entry of
         * the range is one matching document; the walk then starts at the run holding the
         * {@code skip}-th entry, found by rank, not by walking the entries before it.
         */
        Stream<Document> inOrder(int skip) {
            SortedIndex.Range range = index.range(prefix, start.values(), start.exclusive(), forward);
            int from = prefix.size();
            int to = from + servedKeys;
            int begin = skip <= 0 ? 0 : skip >= range.size() ? range.size() : range.runStart(skip, to);
            Iterator<SortedIndex.Entry> entries = range.iterator(begin);
            Comparator<Document> rest = restOfSort.isEmpty() ? null : new DocumentComparator(sortDocument(restOfSort));
            Iterator<Document> documents = new Iterator<>() {
                private SortedIndex.Entry next = advance();
                private Iterator<Document> run = List.<Document>of().iterator();
                private int toSkip = Math.max(skip - begin, 0);

                private SortedIndex.Entry advance() {
                    if (!entries.hasNext()) {
                        return null;
                    }
                    SortedIndex.Entry e = entries.next();
                    return beyondStop(e) ? null : e;
                }

                @Override
                public boolean hasNext() {
                    while (!run.hasNext() && next != null) {
                        SortedIndex.Entry first = next;
                        List<Integer> positions = new ArrayList<>();
                        while (next != null && sameRun(first, next, from, to)) {
                            positions.add(next.position());
                            next = advance();
                        }
                        if (positions.size() <= toSkip) {
                            toSkip -= positions.size();
                            continue;
                        }
                        positions.sort(null);
                        List<Document> docs = new ArrayList<>(positions.size());
                        for (int p : positions) {
                            docs.add(getDocument(p));
                        }
                        if (rest != null && docs.size() > 1) {
                            docs.sort(rest);
                        }
                        run = docs.subList(toSkip, docs.size()).iterator();
                        toSkip = 0;
                    }
                    return run.hasNext();
                }

                @Override
                public Document next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return run.next();
                }
            };
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(documents, Spliterator.ORDERED), false);
        }

        private boolean sameRun(SortedIndex.Entry a, SortedIndex.Entry b, int from, int to) {
            for (int i = from; i < to; i++) {
                if (index.comparator(i).compare(a.values()[i], b.values()[i]) != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    private static Document sortDocument(List<SortKey> keys) {
        Document d = new Document();
        for (SortKey k : keys) {
            d.put(k.field(), k.ascending() ? 1 : -1);
        }
        return d;
    }

    /** The best index for these conditions and this sort, or null when none narrows anything. */
    private Plan plan(Conditions conditions, List<SortKey> sort, boolean limited) {
        if (sort == null) {
            return null;
        }
        Plan best = null;
        int bestScore = 0;
        for (SortedIndex index : sorted.values()) {
            if (!covers(index, conditions)) {
                continue;
            }
            List<String> fields = index.fields();
            List<Object> prefix = new ArrayList<>();
            for (String field : fields) {
                if (!conditions.fields().containsKey(field)) {
                    break;
                }
                Object eq = Conditions.equality(conditions.fields().get(field));
                if (eq == Conditions.NONE) {
                    break;
                }
                prefix.add(eq);
            }
            int e = prefix.size();
            boolean ordered = index.ordered();
            if (!ordered) {
                if (e == 0 || (index.sparse() && prefix.get(0) == null)) {
                    continue;
                }
                int score = e * 10 + (index.partialFilter() != null ? 1 : 0);
                if (score > bestScore) {
                    best = new Plan(index, prefix, Bound.NONE, true, 0, List.of(), null, false);
                    bestScore = score;
                }
                continue;
            }
            // the sort keys the equality does not already fix, against the index fields after the prefix
            List<SortKey> open = new ArrayList<>();
            for (SortKey k : sort) {
                if (!fields.subList(0, e).contains(k.field())) {
                    open.add(k);
                }
            }
            int served = 0;
            boolean forward = true;
            for (int i = 0; i < open.size() && e + i < fields.size(); i++) {
                SortKey k = open.get(i);
                if (!k.field().equals(fields.get(e + i))) {
                    break;
                }
                boolean sameWay = k.ascending() == index.ascending(e + i);
                if (i == 0) {
                    forward = sameWay;
                } else if (sameWay != forward) {
                    break;
                }
                served++;
            }
            if (!open.isEmpty() && served == 0) {
                forward = true;
            }
            Bound start = startBound(index, e, forward, conditions);
            Object stop = null;
            boolean stopInclusive = false;
            if (e < fields.size()) {
                Object condition = conditions.fields().get(fields.get(e));
                boolean walkAscending = index.ascending(e) == forward;
                Map<String, Object> range = Conditions.range(condition);
                if (range != null) {
                    String inclusive = walkAscending ? "$lte" : "$gte";
                    String exclusive = walkAscending ? "$lt" : "$gt";
                    if (range.containsKey(exclusive)) {
                        stop = range.get(exclusive);
                    } else if (range.containsKey(inclusive)) {
                        stop = range.get(inclusive);
                        stopInclusive = true;
                    }
                }
            }
            boolean firstBound = e > 0 || !start.values().isEmpty() || stop != null;
            if (index.sparse() && (e == 0 || prefix.get(0) == null)) {
                // a sparse index lacks the documents without its fields: only an equality on its first may use it
                continue;
            }
            boolean sortsAll = !open.isEmpty() && served == open.size();
            // a partial index that covers the filter holds fewer documents than a full one
            int score = e * 10 + start.values().size() * 5 + (stop != null ? 2 : 0) + (served > 0 ? 3 : 0)
                    + (index.partialFilter() != null ? 1 : 0);
            if (sortsAll && limited) {
                score += 1000;
            }
            if (!firstBound && served == 0) {
                continue;
            }
            if (score > bestScore) {
                best = new Plan(index, prefix, start, forward, served,
                        served > 0 ? open.subList(served, open.size()) : List.of(), stop, stopInclusive);
                bestScore = score;
            }
        }
        return best;
    }

    /** Whether the index holds every document the conditions can match (a partial index only if they imply its filter). */
    private static boolean covers(SortedIndex index, Conditions conditions) {
        Document partial = index.partialFilter();
        if (partial == null) {
            return true;
        }
        for (Map.Entry<String, Object> e : partial.entrySet()) {
            if (!conditions.fields().containsKey(e.getKey())
                    || !Objects.equals(conditions.fields().get(e.getKey()), e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Where the walk may start on the fields after the equality prefix: no matching document
     * comes before it in walk order. From the filter's own bounds and from an {@code $or} whose
     * every branch bounds those fields (the keyset cursor's {@code (a > x) or (a = x and b > y)
     * ...}), taking the loosest branch.
     */
    private static Bound startBound(SortedIndex index, int e, boolean forward, Conditions conditions) {
        Bound top = boundOf(index, e, forward, conditions.fields());
        if (conditions.or() == null) {
            return top;
        }
        Bound loosest = null;
        for (Map<String, Object> branch : conditions.or()) {
            Bound b = boundOf(index, e, forward, branch);
            if (b.values().isEmpty()) {
                return top;
            }
            if (loosest == null || compareBounds(index, e, forward, b, loosest) < 0) {
                loosest = b;
            }
        }
        return loosest == null || compareBounds(index, e, forward, top, loosest) >= 0 ? top : loosest;
    }

    /** A start: the walk begins before ({@code exclusive} false) or after every entry whose next fields equal {@code values}. */
    record Bound(List<Object> values, boolean exclusive) {
        static final Bound NONE = new Bound(List.of(), false);
    }

    private static Bound boundOf(SortedIndex index, int e, boolean forward, Map<String, Object> fields) {
        List<Object> tuple = new ArrayList<>();
        for (int i = e; i < index.fields().size(); i++) {
            String field = index.fields().get(i);
            if (!fields.containsKey(field)) {
                break;
            }
            Object condition = fields.get(field);
            Object eq = Conditions.equality(condition);
            if (eq != Conditions.NONE) {
                tuple.add(eq);
                continue;
            }
            Map<String, Object> range = Conditions.range(condition);
            boolean walkAscending = index.ascending(i) == forward;
            String exclusive = walkAscending ? "$gt" : "$lt";
            String inclusive = walkAscending ? "$gte" : "$lte";
            if (range != null && range.containsKey(exclusive)) {
                tuple.add(range.get(exclusive));
                return new Bound(tuple, true);
            }
            if (range != null && range.containsKey(inclusive)) {
                tuple.add(range.get(inclusive));
            }
            break;
        }
        return new Bound(tuple, false);
    }

    /** Bounds by where they start the walk: the smaller one lets more through. */
    private static int compareBounds(SortedIndex index, int e, boolean forward, Bound a, Bound b) {
        List<Object> x = a.values();
        List<Object> y = b.values();
        int common = Math.min(x.size(), y.size());
        for (int i = 0; i < common; i++) {
            int c = index.comparator(e + i).compare(x.get(i), y.get(i));
            if (c != 0) {
                return forward ? c : -c;
            }
        }
        if (x.size() == y.size()) {
            return Boolean.compare(a.exclusive(), b.exclusive());
        }
        // the shorter one starts before the longer's entries if inclusive, after them if exclusive
        boolean aShorter = x.size() < y.size();
        Bound shorter = aShorter ? a : b;
        int shorterFirst = shorter.exclusive() ? 1 : -1;
        return aShorter ? shorterFirst : -shorterFirst;
    }

    /** The number of documents matching conditions that are all equalities on a leading part of an ordered index. */
    private Long countFromIndex(Conditions conditions) {
        if (conditions.or() != null) {
            return null;
        }
        Map<String, Object> fields = conditions.fields();
        for (SortedIndex index : sorted.values()) {
            if (index.partialFilter() != null || index.sparse() || !index.ordered()
                    || index.fields().size() < fields.size()) {
                continue;
            }
            List<Object> prefix = new ArrayList<>();
            for (String field : index.fields().subList(0, fields.size())) {
                if (!fields.containsKey(field)) {
                    break;
                }
                Object eq = Conditions.equality(fields.get(field));
                if (eq == Conditions.NONE) {
                    break;
                }
                prefix.add(eq);
            }
            if (prefix.size() == fields.size()) {
                return index.count(prefix);
            }
        }
        return null;
    }

    /**
     * A filter taken apart: the conditions on fields (top level and inside {@code $and}) and one
     * {@code $or}. Null when it holds anything else at the top ({@code $nor}, {@code $expr},
     * {@code $where}, ...): the planner then leaves it to mongo-java-server.
     */
    record Conditions(Map<String, Object> fields, List<Map<String, Object>> or) {

        static final Object NONE = new Object();

        static Conditions of(Document query) {
            Map<String, Object> fields = new LinkedHashMap<>();
            List<List<Map<String, Object>>> ors = new ArrayList<>();
            if (query == null || !collect(query, fields, ors)) {
                return null;
            }
            return new Conditions(fields, ors.isEmpty() ? null : ors.get(0));
        }

        private static boolean collect(Document query, Map<String, Object> fields, List<List<Map<String, Object>>> ors) {
            for (Map.Entry<String, Object> e : query.entrySet()) {
                String key = e.getKey();
                if (key.equals("$and") && e.getValue() instanceof List<?> all) {
                    for (Object part : all) {
                        if (!(part instanceof Document d) || !collect(d, fields, ors)) {
                            return false;
                        }
                    }
                } else if (key.equals("$or") && e.getValue() instanceof List<?> any) {
                    List<Map<String, Object>> branches = new ArrayList<>();
                    for (Object part : any) {
                        if (!(part instanceof Document d)) {
                            return false;
                        }
                        Map<String, Object> branch = new LinkedHashMap<>();
                        if (!collect(d, branch, new ArrayList<>())) {
                            branch = Map.of();
                        }
                        branches.add(branch);
                    }
                    ors.add(branches);
                } else if (key.startsWith("$")) {
                    return false;
                } else if (!fields.containsKey(key)) {
                    fields.put(key, e.getValue());
                }
            }
            return true;
        }

        /** A value an index may be searched by: types whose equality is the comparator's. */
        static boolean seekable(Object v) {
            return v == null || v instanceof String || v instanceof Integer || v instanceof Long
                    || v instanceof Double || v instanceof Boolean || v instanceof Instant || v instanceof ObjectId
                    || v instanceof UUID;
        }

        /** The value of an equality condition ({@code f: v} or {@code f: {$eq: v}}), or {@link #NONE}. */
        static Object equality(Object condition) {
            if (condition instanceof Document d) {
                if (d.size() == 1 && d.containsKey("$eq") && seekable(d.get("$eq"))) {
                    return d.get("$eq");
                }
                return NONE;
            }
            return seekable(condition) ? condition : NONE;
        }

        /** The bounds of a range condition ({@code $gt $gte $lt $lte} only, on non-null values), or null. */
        static Map<String, Object> range(Object condition) {
            if (!(condition instanceof Document d) || d.isEmpty()) {
                return null;
            }
            for (Map.Entry<String, Object> e : d.entrySet()) {
                if (!Set.of("$gt", "$gte", "$lt", "$lte").contains(e.getKey()) || e.getValue() == null
                        || !seekable(e.getValue())) {
                    return null;
                }
            }
            return d;
        }
    }
}
