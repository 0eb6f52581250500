package org.partnerportal.engagement.domain;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * The seed's e-mail sync status row, one per provider ({@code _id} = the provider key): when the
 * sync last ran and last succeeded, what its last run found, imported and already had, the totals,
 * and the last error (kept until a run succeeds without one).
 */
@MongoEntity(collection = "sync_status")
public class SyncStatus {

    @BsonId
    public String provider;
    public Instant lastRunAt;
    public Instant lastSuccessAt;
    public int lastReceived;
    public int lastImported;
    public int lastDuplicates;
    public long totalImported;
    public long runs;
    public String lastError;
    public Instant lastErrorAt;
}
