package org.partnerportal.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.bson.BsonDocument;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

/**
 * The commands a service's MongoDB client sends, as the driver reports them: how a test counts
 * the store round trips of one piece of work. Not a bean by itself; a service's tests make it
 * one with an empty {@code @Singleton} subclass, which the Quarkus MongoDB client registers (it
 * takes every {@code CommandListener} bean), and inject that.
 * <p>
 * The client also sends the service's own background work (outbox polls, health checks), so a
 * test counts only the commands it can attribute, with {@link #count(Predicate)}.
 */
public class MongoCommandLog implements CommandListener {

    /** One command: its name ({@code find}, {@code update}, …), the collection it names, and its body. */
    public record Command(String database, String name, String collection, BsonDocument body) {

        /** Whether the command's body mentions {@code text} (a field name, a value). */
        public boolean mentions(String text) {
            return body.toJson().contains(text);
        }
    }

    private final List<Command> recorded = new ArrayList<>();
    private boolean recording;

    @Override
    public synchronized void commandStarted(CommandStartedEvent event) {
        if (recording) {
            BsonDocument body = event.getCommand();
            var target = body.get(event.getCommandName());
            recorded.add(new Command(event.getDatabaseName(), event.getCommandName(),
                    target != null && target.isString() ? target.asString().getValue() : null, body.clone()));
        }
    }

    /** Forgets what was recorded and records from now on. */
    public synchronized void start() {
        recorded.clear();
        recording = true;
    }

    /** Stops recording; what was recorded stays for {@link #count}. */
    public synchronized void stop() {
        recording = false;
    }

    public synchronized long count(Predicate<Command> which) {
        return recorded.stream().filter(which).count();
    }

    public synchronized List<Command> commands() {
        return List.copyOf(recorded);
    }
}
