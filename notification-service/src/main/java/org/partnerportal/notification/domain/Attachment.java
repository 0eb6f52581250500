package org.partnerportal.notification.domain;

/** A file sent with a message (the NDA certificate); the content is base64 and never leaves this service's database. */
public class Attachment {

    public String filename;
    public String contentType;
    public String base64;

    public Attachment() {
    }

    public Attachment(String filename, String contentType, String base64) {
        this.filename = filename;
        this.contentType = contentType;
        this.base64 = base64;
    }

    /** Decoded size in bytes. */
    public long size() {
        if (base64 == null) {
            return 0;
        }
        int padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
        return (long) base64.length() * 3 / 4 - padding;
    }
}
