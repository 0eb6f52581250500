package org.partnerportal.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

/**
 * The commands a service's MongoDB client sends, recorded while a test asks: how a test counts
 * the store round trips behind one request, the way the driver sees them. A service's tests make
 * it a bean with an empty {@code @Singleton} subclass; the Quarkus MongoDB client registers every
 * {@link CommandListener} bean with the driver.
 */
public class StoreCommands implements CommandListener {

    /** The commands that write (a find-and-modify included: it is one write). */
    public static final Set<String> WRITES = Set.of("insert", "update", "delete", "findAndModify");

    /** One command: its name, the collection it names, and the whole command as JSON. */
    public record Command(String name, String collection, String json) {

        public boolean write() {
            return WRITES.contains(name);
        }

        public boolean mentions(String text) {
            return json.contains(text);
        }

        @Override
        public String toString() {
            return name + " " + collection;
        }
    }

    private final List<Command> recorded = new CopyOnWriteArrayList<>();
    private volatile boolean recording;

    /** Forgets what was recorded and records from now on. */
    public void start() {
        recorded.clear();
        recording = true;
    }

    /** Stops recording; what was sent since {@link #start()} and matches {@code filter}, in order. */
    public List<Command> stop(Predicate<Command> filter) {
        recording = false;
        return recorded.stream().filter(filter).toList();
    }

    /** How many of each command on each collection ({@code "insert links" -> 1}), sorted. */
    public static Map<String, Long> tally(List<Command> commands) {
        return commands.stream().collect(Collectors.groupingBy(Command::toString, TreeMap::new, Collectors.counting()));
    }

    /**
     * Waits until {@code done} holds in {@code database}, read through a client of the test's own:
     * its reads are not among the service's commands that a test counts.
     */
    public static void awaitInStore(String database, Duration within, Predicate<MongoDatabase> done) {
        try (MongoClient watcher = MongoClients.create(TestInfra.mongoUri())) {
            MongoDatabase db = watcher.getDatabase(database);
            Awaitility.await().atMost(within).until(() -> done.test(db));
        }
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        if (!recording) {
            return;
        }
        BsonDocument command = event.getCommand();
        BsonValue target = command.get(event.getCommandName());
        recorded.add(new Command(event.getCommandName(), target != null && target.isString() ? target.asString().getValue() : null,
                command.toJson()));
    }
}
