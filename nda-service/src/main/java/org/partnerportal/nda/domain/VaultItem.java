package org.partnerportal.nda.domain;

import java.time.Instant;

/** One vault entry as the service reasons about it: an uploaded file, a link, or a signed NDA's certificate. */
public record VaultItem(String id, String partnerId, String title, String kind, boolean requiresNda, String filename,
        String contentType, Long size, String sha256, String url, Instant createdAt, String ndaReference) {

    public static final String FILE = "file";
    public static final String LINK = "link";
    public static final String NDA = "nda";
}
