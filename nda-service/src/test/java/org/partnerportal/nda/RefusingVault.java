package org.partnerportal.nda;

import java.util.concurrent.atomic.AtomicBoolean;

import org.partnerportal.nda.domain.VaultDocument;
import org.partnerportal.nda.repository.VaultRepository;

import com.mongodb.MongoException;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Alternative;

/**
 * The vault's documents as the service stores them, except that a test may have the store refuse
 * the next document's insert (as a primary stepping down or a full disk would), to see what an
 * upload whose document cannot be written leaves behind.
 */
@Alternative
@Priority(1)
@Singleton
public class RefusingVault extends VaultRepository {

    private final AtomicBoolean refuseNext = new AtomicBoolean();

    void refuseNextInsert() {
        refuseNext.set(true);
    }

    @Override
    public Uni<Void> insert(VaultDocument document) {
        if (refuseNext.compareAndSet(true, false)) {
            return Uni.createFrom().failure(new MongoException("The store refused the write (test)"));
        }
        return super.insert(document);
    }
}
