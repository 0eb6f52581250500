package org.partnerportal.local;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;

/**
 * One declared index, kept in key order: an entry per document (per array element for an array
 * field), ordered field by field in the index's directions with mongo-java-server's own
 * {@link ValueComparator} — the one its sort uses — and then by the document's position, which is
 * the order a scan visits documents in. So walking it gives what a scan followed by mongo-java-
 * server's stable sort gives, without reading the rest of the collection.
 * <p>
 * A document that cannot be placed exactly (two array fields, an empty array) is kept aside and
 * offered with every lookup; an index that holds arrays at all ("multikey") is only used to find
 * candidates, never to give an order. A partial index ({@code partialFilterExpression}) holds
 * only the documents its filter matches, a sparse one only those that have one of its fields.
 */
final class SortedIndex {

    /** Below, resp. above, every value: fills the fields after a searched prefix. */
    private static final Object LOW = new Object();
    private static final Object HIGH = new Object();

    private final String name;
    private final List<String> fields;
    private final boolean[] ascending;
    private final Document partialFilter;
    private final boolean sparse;
    private final DefaultQueryMatcher matcher = new DefaultQueryMatcher();

    private final RankedList<Entry> entries;
    private final Map<Integer, List<Entry>> byPosition = new HashMap<>();
    /** Documents in it that cannot be ordered by it (array values), or cannot be placed at all. */
    private final Set<Integer> multikey = new HashSet<>();
    private final Set<Integer> aside = new HashSet<>();
    private long stepped;

    record Entry(Object[] values, int position) {
    }

    SortedIndex(String name, List<String> fields, List<Boolean> ascending, Document partialFilter, boolean sparse) {
        this.name = name;
        this.fields = List.copyOf(fields);
        this.ascending = new boolean[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            this.ascending[i] = ascending.get(i);
        }
        this.partialFilter = partialFilter == null || partialFilter.isEmpty() ? null : partialFilter;
        this.sparse = sparse;
        this.entries = new RankedList<>(entryOrder());
    }

    String name() {
        return name;
    }

    List<String> fields() {
        return fields;
    }

    boolean ascending(int field) {
        return ascending[field];
    }

    Document partialFilter() {
        return partialFilter;
    }

    boolean sparse() {
        return sparse;
    }

    /** Whether every document it holds sits at exactly one place in key order. */
    boolean ordered() {
        return multikey.isEmpty() && aside.isEmpty();
    }

    Set<Integer> aside() {
        return aside;
    }

    /** The comparator of field {@code i} in the index's direction. */
    Comparator<Object> comparator(int i) {
        return ascending[i] ? ValueComparator.asc() : ValueComparator.desc();
    }

    private Comparator<Entry> entryOrder() {
        return (a, b) -> {
            for (int i = 0; i < ascending.length; i++) {
                int c = compareValue(i, a.values[i], b.values[i]);
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(a.position, b.position);
        };
    }

    private int compareValue(int i, Object x, Object y) {
        if (x == y) {
            return 0;
        }
        if (x == LOW || y == HIGH) {
            return -1;
        }
        if (x == HIGH || y == LOW) {
            return 1;
        }
        return comparator(i).compare(x, y);
    }

    void add(int position, Document document) {
        if (partialFilter != null && !matcher.matches(document, partialFilter)) {
            return;
        }
        Object[] values = new Object[fields.size()];
        int arrays = 0;
        int arrayField = -1;
        boolean any = false;
        for (int i = 0; i < values.length; i++) {
            values[i] = Utils.getSubdocumentValueCollectionAware(document, fields.get(i));
            any |= !(values[i] instanceof Missing);
            if (values[i] instanceof Collection) {
                arrays++;
                arrayField = i;
            }
        }
        if (sparse && !any) {
            return;
        }
        List<Entry> placed = new ArrayList<>(1);
        if (arrays == 0) {
            placed.add(new Entry(values, position));
        } else if (arrays == 1 && !((Collection<?>) values[arrayField]).isEmpty()) {
            multikey.add(position);
            for (Object element : new HashSet<>((Collection<?>) values[arrayField])) {
                Object[] copy = values.clone();
                copy[arrayField] = element;
                placed.add(new Entry(copy, position));
            }
        } else {
            aside.add(position);
        }
        placed.forEach(entries::add);
        byPosition.put(position, placed);
    }

    void remove(int position) {
        List<Entry> placed = byPosition.remove(position);
        if (placed != null) {
            placed.forEach(entries::remove);
        }
        multikey.remove(position);
        aside.remove(position);
    }

    void update(int position, Document document) {
        remove(position);
        add(position, document);
    }

    /**
     * The entries whose first {@code prefix.size()} values equal {@code prefix}, in index order or
     * reversed, starting with those whose following fields equal {@code start} (or just after them
     * when {@code startExclusive}; from the first when {@code start} is empty).
     */
    Range range(List<Object> prefix, List<Object> start, boolean startExclusive, boolean forward) {
        int lo = entries.rank(bound(prefix, true));
        int hi = entries.rank(bound(prefix, false));
        if (!start.isEmpty()) {
            List<Object> seek = new ArrayList<>(prefix);
            seek.addAll(start);
            // walking forward, "before them" is below every entry with that tuple, "after them" above
            int at = entries.rank(bound(seek, forward != startExclusive));
            if (forward) {
                lo = Math.max(lo, at);
            } else {
                hi = Math.min(hi, at);
            }
        }
        return new Range(lo, Math.max(lo, hi), forward);
    }

    /**
     * A key below ({@code low}) or above every entry whose first values are {@code values}: the
     * fields after them are filled with the bounds of every value, and the
     * position with the lowest or highest, so that no entry equals it.
     */
    private Entry bound(List<Object> values, boolean low) {
        Object[] key = new Object[fields.size()];
        int i = 0;
        for (Object v : values) {
            key[i++] = v;
        }
        while (i < key.length) {
            key[i++] = low ? LOW : HIGH;
        }
        return new Entry(key, low ? Integer.MIN_VALUE : Integer.MAX_VALUE);
    }

    /** How many entries there are with this prefix (a count the index alone answers). */
    long count(List<Object> prefix) {
        return range(prefix, List.of(), false, true).size();
    }

    /** Entries stepped over by the walks of ranges, for the tests: a page must not walk what it skips. */
    long stepped() {
        return stepped;
    }

    /**
     * A contiguous run of entries in walk order: ranks {@code lo} to {@code hi} of the index,
     * walked up or down. Its size and the entry at any offset are found without walking.
     */
    final class Range implements Iterable<Entry> {
        private final int lo;
        private final int hi;
        private final boolean forward;

        private Range(int lo, int hi, boolean forward) {
            this.lo = lo;
            this.hi = hi;
            this.forward = forward;
        }

        int size() {
            return hi - lo;
        }

        @Override
        public Iterator<Entry> iterator() {
            return iterator(0);
        }

        /** The entries from walk offset {@code offset} on. */
        Iterator<Entry> iterator(int offset) {
            int skip = Math.min(Math.max(offset, 0), size());
            Iterator<Entry> walk = forward ? entries.cursor(lo + skip, hi, true) : entries.cursor(lo, hi - skip, false);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return walk.hasNext();
                }

                @Override
                public Entry next() {
                    stepped++;
                    return walk.next();
                }
            };
        }

        /**
         * The walk offset of the first entry equal to the one at {@code offset} on the index's
         * first {@code leading} fields: where the run of ties holding that entry begins.
         */
        int runStart(int offset, int leading) {
            Entry at = entries.get(forward ? lo + offset : hi - 1 - offset);
            List<Object> tie = Arrays.asList(at.values()).subList(0, leading);
            return forward ? entries.rank(bound(tie, true)) - lo
                    : hi - entries.rank(bound(tie, false));
        }
    }

    @Override
    public String toString() {
        return "SortedIndex[" + name + " " + fields + "]";
    }
}
