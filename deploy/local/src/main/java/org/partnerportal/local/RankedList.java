package org.partnerportal.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Distinct elements kept in order, each reachable by its rank: how many come before an element
 * ({@link #rank}) and the element at a rank ({@link #get}) take a binary search over the blocks
 * and one inside a block, so that an index answers a count or the start of a skipped page
 * without walking the entries before it (a {@code TreeSet} can only count a sub-range by walking
 * it). The elements sit in sorted blocks of at most {@code 2 * BLOCK}; an insert or a removal
 * moves the rest of one block.
 * <p>
 * Not thread-safe: its owner (an index of one collection) is only used under the collection's lock.
 * A cursor is valid until the next change.
 */
final class RankedList<E> implements Iterable<E> {

    static final int BLOCK = 256;

    private final Comparator<? super E> order;
    private final List<ArrayList<E>> blocks = new ArrayList<>();
    /** The rank of each block's first element; rebuilt after a change, when first needed. */
    private int[] starts = new int[0];
    private boolean startsStale;
    private int size;

    RankedList(Comparator<? super E> order) {
        this.order = order;
    }

    int size() {
        return size;
    }

    /** Adds the element; false when an equal one is already there. */
    boolean add(E element) {
        if (blocks.isEmpty()) {
            ArrayList<E> first = new ArrayList<>(2 * BLOCK + 1);
            first.add(element);
            blocks.add(first);
            size = 1;
            startsStale = true;
            return true;
        }
        int b = blockFor(element);
        ArrayList<E> block = blocks.get(b);
        int i = Collections.binarySearch(block, element, order);
        if (i >= 0) {
            return false;
        }
        block.add(-i - 1, element);
        if (block.size() > 2 * BLOCK) {
            List<E> upper = block.subList(BLOCK, block.size());
            ArrayList<E> split = new ArrayList<>(2 * BLOCK + 1);
            split.addAll(upper);
            upper.clear();
            blocks.add(b + 1, split);
        }
        size++;
        startsStale = true;
        return true;
    }

    /** Removes the element equal to this one; false when there is none. */
    boolean remove(E element) {
        if (blocks.isEmpty()) {
            return false;
        }
        int b = blockFor(element);
        ArrayList<E> block = blocks.get(b);
        int i = Collections.binarySearch(block, element, order);
        if (i < 0) {
            return false;
        }
        block.remove(i);
        if (block.isEmpty()) {
            blocks.remove(b);
        }
        size--;
        startsStale = true;
        return true;
    }

    /** How many elements come before {@code key} (which need not be in the list). */
    int rank(E key) {
        if (blocks.isEmpty()) {
            return 0;
        }
        int b = blockFor(key);
        int i = Collections.binarySearch(blocks.get(b), key, order);
        return starts()[b] + (i >= 0 ? i : -i - 1);
    }

    /** The element at {@code rank} (0 is the first). */
    E get(int rank) {
        if (rank < 0 || rank >= size) {
            throw new IndexOutOfBoundsException(rank);
        }
        int b = blockOfRank(rank);
        return blocks.get(b).get(rank - starts()[b]);
    }

    @Override
    public Iterator<E> iterator() {
        return cursor(0, size, true);
    }

    /**
     * The elements of ranks {@code from} (inclusive) to {@code to} (exclusive), in order when
     * {@code forward}, else from {@code to - 1} down to {@code from}.
     */
    Iterator<E> cursor(int from, int to, boolean forward) {
        int count = Math.max(0, to - from);
        int first = forward ? from : to - 1;
        return new Iterator<>() {
            private int left = count;
            private int block = count == 0 ? 0 : blockOfRank(first);
            private int at = count == 0 ? 0 : first - starts()[block];

            @Override
            public boolean hasNext() {
                return left > 0;
            }

            @Override
            public E next() {
                if (left == 0) {
                    throw new NoSuchElementException();
                }
                E e = blocks.get(block).get(at);
                if (--left > 0) {
                    if (forward) {
                        if (++at == blocks.get(block).size()) {
                            block++;
                            at = 0;
                        }
                    } else if (--at < 0) {
                        block--;
                        at = blocks.get(block).size() - 1;
                    }
                }
                return e;
            }
        };
    }

    /** The first block whose last element is not below {@code key}; the last block when there is none. */
    private int blockFor(E key) {
        int lo = 0;
        int hi = blocks.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            ArrayList<E> block = blocks.get(mid);
            if (order.compare(block.get(block.size() - 1), key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int blockOfRank(int rank) {
        int[] s = starts();
        int lo = 0;
        int hi = blocks.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (s[mid] <= rank) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private int[] starts() {
        if (startsStale) {
            if (starts.length < blocks.size()) {
                starts = new int[Math.max(blocks.size(), starts.length * 2)];
            }
            int rank = 0;
            for (int b = 0; b < blocks.size(); b++) {
                starts[b] = rank;
                rank += blocks.get(b).size();
            }
            startsStale = false;
        }
        return starts;
    }
}
