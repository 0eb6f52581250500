package org.partnerportal.nda.service;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.partnerportal.common.outbox.Outbox;
import org.partnerportal.common.problem.Problem;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.events.NdaEvents.DocumentAdded;
import org.partnerportal.events.NdaEvents.DocumentDownloaded;
import org.partnerportal.events.NdaEvents.DocumentRemoved;
import org.partnerportal.events.NdaEvents.DocumentUpdated;
import org.partnerportal.events.NdaEvents;
import org.partnerportal.nda.config.NdaConfig;
import org.partnerportal.nda.domain.CertificatePdf;
import org.partnerportal.nda.domain.DownloadRecord;
import org.partnerportal.nda.domain.Evidence;
import org.partnerportal.nda.domain.FileContent;
import org.partnerportal.nda.domain.NdaRecord;
import org.partnerportal.nda.domain.TokenHolder;
import org.partnerportal.nda.domain.VaultDocument;
import org.partnerportal.nda.domain.VaultDocument.AuditEntry;
import org.partnerportal.nda.domain.VaultItem;
import org.partnerportal.nda.messaging.NdaOutbox;
import org.partnerportal.nda.messaging.NdaOutboxRelay;
import org.partnerportal.nda.metrics.NdaMetrics;
import org.partnerportal.nda.repository.Collections;
import org.partnerportal.nda.repository.DownloadRepository;
import org.partnerportal.nda.repository.NdaRepository;
import org.partnerportal.nda.repository.VaultFiles;
import org.partnerportal.nda.repository.VaultRepository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.model.Updates;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The document vault. NDA-gated documents are served only while the partner holds a valid NDA or
 * once it is {@code active}; every download is audited and published before the bytes leave. Each
 * signed NDA shows up as an "NDA — Signed" document derived from its record (no second write).
 */
@ApplicationScoped
public class VaultService {

    /**
     * What the gate serves: a file's {@code content} and the SHA-256 of those bytes (audited), or
     * for a link neither (its address is in {@code item}).
     */
    public record Download(VaultItem item, FileContent content, String sha256) {
    }

    private final VaultRepository vault;
    private final DownloadRepository downloads;
    private final VaultFiles files;
    private final NdaRepository ndas;
    private final NdaService ndaService;
    private final ProposalService proposals;
    private final NdaOutbox outbox;
    private final NdaOutboxRelay relay;
    private final NdaMetrics metrics;
    private final NdaConfig config;
    private final Clock clock;

    VaultService(VaultRepository vault, DownloadRepository downloads, VaultFiles files, NdaRepository ndas, NdaService ndaService, ProposalService proposals, NdaOutbox outbox,
            NdaOutboxRelay relay, NdaMetrics metrics, NdaConfig config, Clock clock) {
        this.vault = vault;
        this.downloads = downloads;
        this.files = files;
        this.ndas = ndas;
        this.ndaService = ndaService;
        this.proposals = proposals;
        this.outbox = outbox;
        this.relay = relay;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    public static String ndaDocumentId(String reference) {
        return "nda-" + reference;
    }

    public static String ndaDocumentTitle(String reference) {
        return "NDA — Signed (" + reference + ")";
    }

    /** Seed 002's document fields, as given on creation (null: the default, or none). */
    public record Meta(String type, String status, String eventId, String notes) {
    }

    /**
     * Adds an uploaded file ({@code source}, {@code size} bytes): refused before anything is written
     * when empty, too large or of a type not accepted. The bytes go to GridFS first, read from the
     * upload's file as they are written; then the document, which names the GridFS file, with its
     * DocumentAdded, in one insert. If that insert fails, the GridFS file is deleted again, so
     * nothing refers to it and nothing is left of it.
     */
    public Uni<VaultItem> addFile(String partnerId, String title, boolean requiresNda, String filename, String contentType,
            Path source, long size, Meta meta, String actor) {
        if (size == 0) {
            throw ProblemException.badRequest("file", "is empty");
        }
        if (size > config.vault().maxBytes()) {
            throw new ProblemException(Problem.of(413, "too-large", "Payload too large",
                    "A vault file may have at most " + config.vault().maxBytes() + " bytes"));
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        if (!config.vault().contentTypes().contains(type)) {
            throw new ProblemException(Problem.of(415, "unsupported-type", "Unsupported media type",
                    "Accepted file types: " + String.join(", ", config.vault().contentTypes())));
        }
        return proposals.partner(partnerId).chain(p -> {
            String id = UUID.randomUUID().toString();
            Document fileMeta = new Document("documentId", id).append("partnerId", partnerId).append("contentType", type);
            return files.upload(source, filename == null || filename.isBlank() ? id : filename, fileMeta).chain(stored -> {
                Instant now = clock.instant();
                VaultDocument doc = base(id, partnerId, title, VaultItem.FILE, requiresNda, meta, actor, now);
                doc.filename = filename;
                doc.contentType = type;
                doc.size = stored.length();
                doc.sha256 = stored.sha256();
                doc.fileId = stored.id();
                queue(doc, outbox.event(NdaEvents.DOCUMENT_ADDED, partnerId, new DocumentAdded(partnerId, id, title, VaultItem.FILE, requiresNda, now), now));
                return vault.insert(doc)
                        .onFailure().call(() -> files.delete(stored.id()))
                        .invoke(() -> relay.wakeUp(Collections.DOCUMENTS, id)).replaceWith(item(doc));
            });
        });
    }

    public Uni<VaultItem> addLink(String partnerId, String title, String url, boolean requiresNda, Meta meta, String actor) {
        return proposals.partner(partnerId).chain(p -> {
            Instant now = clock.instant();
            String id = UUID.randomUUID().toString();
            VaultDocument doc = base(id, partnerId, title, VaultItem.LINK, requiresNda, meta, actor, now);
            doc.url = url;
            queue(doc, outbox.event(NdaEvents.DOCUMENT_ADDED, partnerId, new DocumentAdded(partnerId, id, title, VaultItem.LINK, requiresNda, now), now));
            return vault.insert(doc).invoke(() -> relay.wakeUp(Collections.DOCUMENTS, id)).replaceWith(item(doc));
        });
    }

    private static VaultDocument base(String id, String partnerId, String title, String kind, boolean requiresNda, Meta meta,
            String actor, Instant now) {
        VaultDocument d = new VaultDocument();
        d.id = id;
        d.partnerId = partnerId;
        d.title = title;
        d.kind = kind;
        d.requiresNda = requiresNda;
        d.type = meta.type() != null ? meta.type() : VaultItem.DEFAULT_TYPE;
        d.status = meta.status() != null ? meta.status() : VaultItem.DEFAULT_STATUS;
        d.eventId = blankToNull(meta.eventId());
        d.notes = blankToNull(meta.notes());
        d.version = 0L;
        d.createdBy = actor;
        d.createdAt = Evidence.truncate(now);
        return d;
    }

    /** The new document's event, in the document itself ({@link Outbox}: the array and the pending flag). */
    private static void queue(VaultDocument d, Document event) {
        d.outbox = new ArrayList<>(List.of(event));
        d.outboxPending = true;
    }

    /** Fields a PATCH may change (JSON merge patch: a field sent as null clears eventId and notes). */
    static final List<String> PATCHABLE = List.of("title", "type", "status", "eventId", "notes", "requiresNda", "url");

    /**
     * Applies a merge patch to a file or link of the vault: validated as a whole first (400 with
     * every field), then one write holding the change, its audit entry (who, when, which fields) and
     * DocumentUpdated. The signed NDA's certificate is the NDA record itself: 409. A patch that changes
     * nothing writes nothing.
     */
    public Uni<VaultItem> update(String partnerId, String documentId, ObjectNode patch, String actor) {
        List<Problem.FieldError> errors = new ArrayList<>();
        patch.fieldNames().forEachRemaining(f -> {
            if (!PATCHABLE.contains(f)) {
                errors.add(new Problem.FieldError(f, "cannot be changed; one of " + String.join(", ", PATCHABLE)));
            }
        });
        text(patch, "title", 200, false, null, errors);
        text(patch, "type", 40, false, VaultItem.KEY_PATTERN, errors);
        text(patch, "status", 40, false, VaultItem.KEY_PATTERN, errors);
        text(patch, "eventId", 100, true, null, errors);
        text(patch, "notes", 2000, true, null, errors);
        text(patch, "url", 2000, false, "https?://\\S+", errors);
        if (patch.has("requiresNda") && !patch.get("requiresNda").isBoolean()) {
            errors.add(new Problem.FieldError("requiresNda", "must be true or false"));
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid(errors));
        }
        return editable(partnerId, documentId).chain(d -> {
            if (patch.has("url") && !VaultItem.LINK.equals(d.kind)) {
                throw ProblemException.badRequest("url", "only a link has a URL");
            }
            List<String> changed = new ArrayList<>();
            List<Bson> sets = new ArrayList<>();
            for (String f : PATCHABLE) {
                if (!patch.has(f)) {
                    continue;
                }
                JsonNode v = patch.get(f);
                Object value = v.isNull() ? null : v.isBoolean() ? (Object) v.booleanValue()
                        : blankToNull(v.asText()) == null ? null : v.asText().trim();
                if (!java.util.Objects.equals(value, d.patchable(f))) {
                    changed.add(f);
                    sets.add(Updates.set(f, value));
                }
            }
            if (changed.isEmpty()) {
                return Uni.createFrom().item(item(d));
            }
            Instant now = clock.instant();
            sets.add(Updates.set("updatedAt", now));
            sets.add(Updates.set("updatedBy", actor));
            String title = patch.has("title") ? patch.get("title").asText().trim() : d.title;
            Document event = outbox.event(NdaEvents.DOCUMENT_UPDATED, partnerId, new DocumentUpdated(partnerId, documentId, title, changed, actor, now), now);
            return vault.change(partnerId, documentId, d.version, sets, AuditEntry.of(now, actor, "updated", changed), event)
                    .chain(done -> {
                        if (!done) {
                            throw ProblemException.conflict("concurrent-update",
                                    "Document " + documentId + " changed meanwhile; read it again and retry");
                        }
                        relay.wakeUp(Collections.DOCUMENTS, documentId);
                        return vault.live(partnerId, documentId).map(VaultService::item);
                    });
        });
    }

    /**
     * Removes a file or link from the vault: a tombstone (no longer listed, served or downloadable;
     * its bytes and download audit kept) with its audit entry and DocumentRemoved, in one write.
     * Removing it again answers the same and writes nothing.
     */
    public Uni<Void> remove(String partnerId, String documentId, String actor) {
        return proposals.partner(partnerId).chain(() -> vault.anyOf(partnerId, documentId)).chain(d -> {
            if (d != null && d.removedAt != null) {
                return Uni.createFrom().voidItem();
            }
            return editable(partnerId, documentId).chain(live -> {
                Instant now = clock.instant();
                Document event = outbox.event(NdaEvents.DOCUMENT_REMOVED, partnerId,
                        new DocumentRemoved(partnerId, documentId, live.title, actor, now), now);
                return vault.change(partnerId, documentId, live.version, List.of(Updates.set("removedAt", now),
                        Updates.set("removedBy", actor)), AuditEntry.of(now, actor, "removed", List.of()), event)
                        .map(done -> {
                            if (!done) {
                                throw ProblemException.conflict("concurrent-update",
                                        "Document " + documentId + " changed meanwhile; retry");
                            }
                            relay.wakeUp(Collections.DOCUMENTS, documentId);
                            return null;
                        });
            });
        }).replaceWithVoid();
    }

    /** The audit trail of a document, removed or not, newest first. */
    public Uni<List<AuditEntry>> history(String partnerId, String documentId) {
        return proposals.partner(partnerId).chain(() -> vault.anyOf(partnerId, documentId)).map(d -> {
            if (d == null) {
                throw ProblemException.notFound("Document", documentId);
            }
            List<AuditEntry> h = new ArrayList<>(d.history == null ? List.of() : d.history);
            java.util.Collections.reverse(h);
            return h;
        });
    }

    /** A live file or link of the partner; the NDA's certificate (409) and anything else (404) are not. */
    private Uni<VaultDocument> editable(String partnerId, String documentId) {
        if (documentId.startsWith("nda-")) {
            return Uni.createFrom().failure(ProblemException.conflict("nda-document",
                    "The signed NDA's certificate is the NDA record itself; it cannot be edited or removed"));
        }
        return proposals.partner(partnerId).chain(() -> vault.live(partnerId, documentId))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Document", documentId));
    }

    private static void text(ObjectNode patch, String field, int max, boolean nullable, String pattern,
            List<Problem.FieldError> errors) {
        if (!patch.has(field)) {
            return;
        }
        JsonNode v = patch.get(field);
        if (v.isNull()) {
            if (!nullable) {
                errors.add(new Problem.FieldError(field, "must not be null"));
            }
            return;
        }
        if (!v.isTextual()) {
            errors.add(new Problem.FieldError(field, "must be a string"));
            return;
        }
        String t = v.asText().trim();
        if (!nullable && t.isEmpty()) {
            errors.add(new Problem.FieldError(field, "must not be blank"));
        } else if (t.length() > max) {
            errors.add(new Problem.FieldError(field, "must be at most " + max + " characters"));
        } else if (pattern != null && !t.isEmpty() && !t.matches(pattern)) {
            errors.add(new Problem.FieldError(field, "url".equals(field) ? "must be an http(s) URL"
                    : "must be a key such as general (lower-case letters, digits, _ and -; at most 40)"));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    public Uni<List<VaultItem>> list(String partnerId) {
        return proposals.partner(partnerId).chain(() -> items(partnerId));
    }

    /** Uploaded files and links first (oldest first), then one entry per signed NDA (newest first). */
    public Uni<List<VaultItem>> items(String partnerId) {
        return vault.byPartner(partnerId).chain(docs -> ndas.byPartner(partnerId).map(records -> {
            List<VaultItem> out = new ArrayList<>();
            docs.forEach(d -> out.add(item(d)));
            records.stream().filter(r -> r.resetAt == null).forEach(r -> out.add(ndaItem(r)));
            return out;
        }));
    }

    private static VaultItem ndaItem(NdaRecord r) {
        String ref = r.reference;
        return new VaultItem(ndaDocumentId(ref), r.partnerId, ndaDocumentTitle(ref), VaultItem.NDA, false,
                NdaService.certificateName(ref), "application/pdf", null, null, null, r.signedAt, ref,
                VaultItem.NDA, VaultItem.NDA_STATUS, null, null, null);
    }

    private static VaultItem item(VaultDocument d) {
        return new VaultItem(d.id, d.partnerId, d.title, d.kind, d.requiresNda, d.filename, d.contentType, d.size, d.sha256,
                d.url, d.createdAt, null, d.type != null ? d.type : VaultItem.DEFAULT_TYPE,
                d.status != null ? d.status : VaultItem.DEFAULT_STATUS, d.eventId, d.notes, d.updatedAt);
    }

    /**
     * Serves one document to a portal holder: {@code 404} when it is not this partner's, {@code 403}
     * while NDA-gated; otherwise the download is audited (who, when, IP, User-Agent, document hash,
     * the NDA reference that allowed it) with its DocumentDownloaded event, then served.
     */
    public Uni<Download> download(TokenHolder holder, String documentId, String ip, String userAgent) {
        String partnerId = holder.partnerId();
        return resolve(partnerId, documentId).chain(dl -> proposals.partner(partnerId).chain(p -> ndaService.validNda(partnerId)
                .chain(nda -> {
                    boolean active = "active".equals(p.stage);
                    if (dl.item().requiresNda() && nda == null && !active) {
                        throw new ProblemException(Problem.of(403, "nda-required", "Forbidden",
                                "This document is available after the NDA is signed"));
                    }
                    String ndaRef = nda == null ? null : nda.reference;
                    String allowedBy = !dl.item().requiresNda() ? "not-gated" : nda != null ? "nda" : "active";
                    Instant now = Evidence.truncate(clock.instant());
                    DownloadRecord audit = new DownloadRecord();
                    audit.id = UUID.randomUUID().toString();
                    audit.partnerId = partnerId;
                    audit.documentId = documentId;
                    audit.title = dl.item().title();
                    audit.downloadedBy = holder.subject();
                    audit.auth = holder.auth();
                    audit.credentialId = holder.credentialId();
                    audit.at = now;
                    audit.ip = ip;
                    audit.userAgent = userAgent;
                    audit.documentSha256 = dl.sha256();
                    audit.ndaReference = ndaRef;
                    audit.allowedBy = allowedBy;
                    audit.outbox = new ArrayList<>(List.of(outbox.event(NdaEvents.DOCUMENT_DOWNLOADED, partnerId,
                            new DocumentDownloaded(partnerId, documentId, dl.item().title(), ndaRef, holder.subject(), now), now)));
                    audit.outboxPending = true;
                    return downloads.persist(audit).invoke(metrics::vaultDownloaded)
                            .invoke(() -> relay.wakeUp(Collections.DOWNLOADS, audit.id)).replaceWith(dl);
                })));
    }

    /**
     * A file of the partner's vault as it was uploaded, for the program's staff: {@code 404} when it
     * is not this partner's or is a link. Not a partner's download, so it leaves no audit row and no
     * DocumentDownloaded event (the gateway's audit log has the staff member's request).
     */
    public Uni<Download> file(String partnerId, String documentId) {
        return resolve(partnerId, documentId).map(dl -> {
            if (dl.content() == null) {
                throw ProblemException.notFound("File", documentId);
            }
            return dl;
        });
    }

    private Uni<Download> resolve(String partnerId, String documentId) {
        if (documentId.startsWith("nda-")) {
            return ndas.byReference(documentId.substring(4)).map(r -> {
                if (r == null || !partnerId.equals(r.partnerId) || r.resetAt != null) {
                    throw ProblemException.notFound("Document", documentId);
                }
                return r;
            }).emitOn(Infrastructure.getDefaultWorkerPool()).map(r -> {
                byte[] pdf = CertificatePdf.render(r.evidence(), r.hash);
                return new Download(ndaItem(r), FileContent.of(pdf), Evidence.sha256Hex(pdf));
            });
        }
        return vault.live(partnerId, documentId).onItem().ifNull().failWith(() -> ProblemException.notFound("Document", documentId))
                .chain(d -> {
                    VaultItem item = item(d);
                    if (VaultItem.LINK.equals(item.kind())) {
                        return Uni.createFrom().item(new Download(item, null, null));
                    }
                    ObjectId fileId = d.fileId;
                    // the GridFS entry is read first: bytes that are missing fail here, before an answer has begun
                    Uni<GridFSFile> stored = fileId == null ? Uni.createFrom().nullItem() : files.find(fileId);
                    return stored.map(f -> {
                        if (f == null || f.getLength() != item.size()) {
                            throw new IllegalStateException("The bytes of vault document " + documentId + " are missing");
                        }
                        return new Download(item, new FileContent(f.getLength(), files.download(fileId, item.sha256())), item.sha256());
                    });
                });
    }

    public Uni<List<DownloadRecord>> downloads(String partnerId) {
        return proposals.partner(partnerId).chain(() -> downloads.byPartner(partnerId));
    }
}
