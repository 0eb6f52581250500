package org.partnerportal.common.outbox;

import org.partnerportal.events.EventType;

/** CloudEvent type names: {@code partnerportal.AccessRequested.v1}. */
public final class EventTypes {

    public static final String PREFIX = EventType.PREFIX;

    private EventTypes() {
    }

    public static String type(String name) {
        return PREFIX + name + ".v1";
    }

    /** {@code partnerportal.AccessRequested.v1} → {@code AccessRequested}; anything else → null. */
    public static String name(String type) {
        if (type == null || !type.startsWith(PREFIX)) {
            return null;
        }
        String rest = type.substring(PREFIX.length());
        int dot = rest.lastIndexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
