package org.partnerportal.common.api;

import java.util.List;

/** The list envelope of API.md: {@code { items, total, page, size }}; pages count from 0. */
public record PageResponse<T>(List<T> items, long total, int page, int size) {

    public static final int MAX_SIZE = 200;
}
