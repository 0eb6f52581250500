package org.partnerportal.local;

import java.util.Locale;
import java.util.Set;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * The H2 backend with MongoDB's acknowledged-write promise: a command that changed anything is
 * saved to the store's file before its reply is sent, so a {@code kill -9} after the reply loses
 * nothing. (The plain backend saves on a timer, and a kill inside that window lost acknowledged
 * writes.) Concurrent writers share saves: a writer whose change a neighbour's save already
 * carried finds nothing left to save. Commands known to only read never save: a read that ran
 * beside a write does not wait for that write's save.
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

    private final MVStore store;

    DurableH2Backend(MVStore store) {
        super(store);
        this.store = store;
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        try {
            return super.handleCommand(channel, database, command, query);
        } finally {
            // a failed command may still have changed something (an insertMany that stopped halfway)
            if (!READS.contains(command.toLowerCase(Locale.ROOT)) && store.hasUnsavedChanges()) {
                commit();
            }
        }
    }
}
