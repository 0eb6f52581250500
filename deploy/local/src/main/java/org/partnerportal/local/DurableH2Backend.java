package org.partnerportal.local;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * The H2 backend with MongoDB's acknowledged-write promise: a command that may have changed
 * anything is saved to the store's file before its reply is sent, so a {@code kill -9} after the
 * reply loses nothing. (The plain backend saves on a timer, and a kill inside that window lost
 * acknowledged writes.) Commands known to only read never save.
 * <p>
 * Saves are shared (group commit): a command numbers itself once its change is complete, and one
 * save covers every command numbered before it started. While one command saves, the others that
 * finish wait for it and then either find themselves covered or let one of them save for all the
 * rest, so under load the store writes one chunk per save, not one per command.
 * <p>
 * The file is written, not fsynced: the data survives the death of this process, which is what
 * the local stack and its crash tests need; surviving the loss of the machine's power is a real
 * MongoDB's job with {@code j: true}.
 */
final class DurableH2Backend extends H2Backend {

    /** Commands that change nothing; any other command saves what it changed. */
    private static final Set<String> READS = Set.of("find", "getmore", "count", "distinct", "listcollections",
            "listindexes", "listdatabases", "hello", "ismaster", "ping", "buildinfo", "killcursors", "endsessions",
            "serverstatus", "dbstats", "collstats", "getparameter", "connectionstatus", "whatsmyuri", "hostinfo",
            "getcmdlineopts", "currentop", "getlog");

    /** How many commands have completed their changes: a command's number is its place in this count. */
    private final AtomicLong completed = new AtomicLong();
    private final Object saves = new Object();
    /** Every command numbered up to this is in the file. Guarded by {@link #saves}. */
    private long savedThrough;
    /** A save is running. Guarded by {@link #saves}. */
    private boolean saving;

    DurableH2Backend(MVStore store) {
        super(store);
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        try {
            return super.handleCommand(channel, database, command, query);
        } finally {
            // a failed command may still have changed something (an insertMany that stopped halfway)
            if (!READS.contains(command.toLowerCase(Locale.ROOT))) {
                saveThrough(completed.incrementAndGet());
            }
        }
    }

    /** Returns once the changes of command {@code number} (and all numbered before it) are in the file. */
    private void saveThrough(long number) {
        synchronized (saves) {
            while (saving && savedThrough < number) {
                try {
                    saves.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted before the write was saved", e);
                }
            }
            if (savedThrough >= number) {
                return;
            }
            saving = true;
        }
        // every command numbered so far completed its change before this save starts, so it is in it
        long covers = completed.get();
        boolean saved = false;
        try {
            commit();
            saved = true;
        } finally {
            synchronized (saves) {
                saving = false;
                if (saved) {
                    savedThrough = Math.max(savedThrough, covers);
                }
                saves.notifyAll();
            }
        }
    }
}
