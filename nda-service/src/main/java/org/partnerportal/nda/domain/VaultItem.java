package org.partnerportal.nda.domain;

import java.time.Instant;

/**
 * One vault entry as the service reasons about it: an uploaded file, a link, or a signed NDA's
 * certificate; with seed 002's document fields {@code type} (default {@code general}), {@code status}
 * (default {@code draft}), {@code eventId} (the engagement event it belongs to) and {@code notes}.
 */
public record VaultItem(String id, String partnerId, String title, String kind, boolean requiresNda, String filename,
        String contentType, Long size, String sha256, String url, Instant createdAt, String ndaReference, String type,
        String status, String eventId, String notes, Instant updatedAt) {

    public static final String FILE = "file";
    public static final String LINK = "link";
    public static final String NDA = "nda";
    public static final String DEFAULT_TYPE = "general";
    public static final String DEFAULT_STATUS = "draft";
    /** The signed NDA's own certificate: the record is the evidence, so it is final. */
    public static final String NDA_STATUS = "final";
    /** A type or status key: a slug, so that filters and labels stay predictable. */
    public static final String KEY_PATTERN = "[a-z0-9][a-z0-9_-]{0,39}";
}
