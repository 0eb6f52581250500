package org.partnerportal.nda.domain;

import java.nio.ByteBuffer;

import io.smallrye.mutiny.Multi;

/**
 * Bytes to be sent, of a known length, produced while they are sent: a vault file read from
 * GridFS a chunk at a time, or a certificate rendered in memory. {@code body} is subscribed once.
 */
public record FileContent(long length, Multi<ByteBuffer> body) {

    public static FileContent of(byte[] bytes) {
        return new FileContent(bytes.length, Multi.createFrom().item(() -> ByteBuffer.wrap(bytes)));
    }
}
