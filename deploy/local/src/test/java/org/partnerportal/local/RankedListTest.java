package org.partnerportal.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The ranked list answers as a sorted set does — membership, order, how many come before a key,
 * the element at a rank, walks up and down between two ranks — through thousands of inserts and
 * removals that split blocks and empty them.
 */
class RankedListTest {

    private final Random random = new Random(20261207);

    @Test
    void answersAsASortedSetThroughInsertsAndRemovals() {
        RankedList<Integer> list = new RankedList<>(Comparator.naturalOrder());
        TreeSet<Integer> set = new TreeSet<>();
        for (int round = 0; round < 6; round++) {
            // grow past several blocks, then shrink, so blocks split and empty
            int changes = round % 2 == 0 ? 5 * RankedList.BLOCK * 4 : 5 * RankedList.BLOCK * 3;
            for (int i = 0; i < changes; i++) {
                int v = random.nextInt(20_000);
                if (round % 2 == 0 || random.nextInt(4) == 0) {
                    assertEquals(set.add(v), list.add(v), "add " + v);
                } else {
                    assertEquals(set.remove(v), list.remove(v), "remove " + v);
                }
            }
            check(list, set);
        }
    }

    @Test
    void removingEveryElementLeavesAnEmptyListThatStillAnswers() {
        RankedList<Integer> list = new RankedList<>(Comparator.naturalOrder());
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < 3 * RankedList.BLOCK; i++) {
            values.add(i * 2);
            list.add(i * 2);
        }
        assertFalse(list.add(10), "an equal element is there already");
        Collections.shuffle(values, random);
        values.forEach(v -> assertTrue(list.remove(v)));
        assertEquals(0, list.size());
        assertEquals(0, list.rank(5));
        assertFalse(list.iterator().hasNext());
        assertFalse(list.remove(4));
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(0));
        list.add(7);
        assertEquals(7, list.get(0));
    }

    private void check(RankedList<Integer> list, TreeSet<Integer> set) {
        List<Integer> expected = new ArrayList<>(set);
        assertEquals(expected.size(), list.size());
        List<Integer> walked = new ArrayList<>();
        list.forEach(walked::add);
        assertEquals(expected, walked);
        for (int k = 0; k < 300; k++) {
            int key = random.nextInt(20_002) - 1;
            assertEquals(set.headSet(key, false).size(), list.rank(key), "rank " + key);
            if (!expected.isEmpty()) {
                int r = random.nextInt(expected.size());
                assertEquals(expected.get(r), list.get(r), "get " + r);
                int to = r + random.nextInt(expected.size() - r + 1);
                assertEquals(expected.subList(r, to), drain(list.cursor(r, to, true)), "up " + r + ".." + to);
                List<Integer> down = new ArrayList<>(expected.subList(r, to));
                Collections.reverse(down);
                assertEquals(down, drain(list.cursor(r, to, false)), "down " + r + ".." + to);
            }
        }
    }

    private static List<Integer> drain(Iterator<Integer> it) {
        List<Integer> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
