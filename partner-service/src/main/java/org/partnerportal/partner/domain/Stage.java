package org.partnerportal.partner.domain;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pipeline of seed 001: {@code draft → proposal_sent → meeting_scheduled → nda_signed →
 * mou_signed → active}, with {@code on_hold} for lost or stalled deals. Seed 000's status names
 * are aliases ({@code pending} → draft, {@code inactive} → on_hold).
 */
public enum Stage {
    DRAFT("Draft"),
    PROPOSAL_SENT("Proposal sent"),
    MEETING_SCHEDULED("Meeting scheduled"),
    NDA_SIGNED("NDA signed"),
    MOU_SIGNED("MoU signed"),
    ACTIVE("Active"),
    ON_HOLD("On hold");

    private static final Map<String, Stage> ALIASES = Map.of("pending", DRAFT, "inactive", ON_HOLD);

    /**
     * The moves an admin may make on the kanban. Forward one step, or from a proposal straight
     * to a signed NDA (the partner signs on their own, without a meeting); any open stage may be
     * put on hold, and a deal on hold resumes at any open stage. {@code active} is reached from
     * a signed MoU (or by closing the deal won) and is left only by archiving.
     */
    private static final Map<Stage, Set<Stage>> MOVES = Map.of(
            DRAFT, EnumSet.of(PROPOSAL_SENT, ON_HOLD),
            PROPOSAL_SENT, EnumSet.of(MEETING_SCHEDULED, NDA_SIGNED, ON_HOLD),
            MEETING_SCHEDULED, EnumSet.of(NDA_SIGNED, ON_HOLD),
            NDA_SIGNED, EnumSet.of(MOU_SIGNED, ON_HOLD),
            MOU_SIGNED, EnumSet.of(ACTIVE, ON_HOLD),
            ACTIVE, EnumSet.noneOf(Stage.class),
            ON_HOLD, EnumSet.of(DRAFT, PROPOSAL_SENT, MEETING_SCHEDULED, NDA_SIGNED, MOU_SIGNED));

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String label() {
        return label;
    }

    /** Open: the deal is still being worked (neither won nor on hold). */
    public boolean isOpen() {
        return this != ACTIVE && this != ON_HOLD;
    }

    public Set<Stage> allowedMoves() {
        return MOVES.get(this);
    }

    public List<String> allowedMoveKeys() {
        return Arrays.stream(values()).filter(allowedMoves()::contains).map(Stage::key).toList();
    }

    public boolean canMoveTo(Stage target) {
        return allowedMoves().contains(target);
    }

    /** Whether an automatic advance (an event saying the partner got further) applies: forward only. */
    public boolean isBefore(Stage target) {
        return isOpen() && target.isOpen() && ordinal() < target.ordinal();
    }

    /** A stage key or one of its aliases, case-insensitively. */
    public static Optional<Stage> find(String key) {
        if (key == null) {
            return Optional.empty();
        }
        String k = key.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        if (ALIASES.containsKey(k)) {
            return Optional.of(ALIASES.get(k));
        }
        return Arrays.stream(values()).filter(s -> s.key().equals(k)).findFirst();
    }

    public static Stage of(String key) {
        return find(key).orElseThrow(() -> new IllegalArgumentException("Unknown stage " + key));
    }
}
