package org.partnerportal.common.api;

import java.util.List;

/** The list envelope of API.md: {@code { items, total, page, size }}; pages count from 0. */
public record PageResponse<T>(List<T> items, long total, int page, int size) {

    public static final int MAX_SIZE = 200;

    /** One page of a list that is already in memory (small per-partner lists). */
    public static <T> PageResponse<T> slice(List<T> all, int page, int size) {
        int from = (int) Math.min((long) page * size, all.size());
        int to = Math.min(from + size, all.size());
        return new PageResponse<>(List.copyOf(all.subList(from, to)), all.size(), page, size);
    }
}
