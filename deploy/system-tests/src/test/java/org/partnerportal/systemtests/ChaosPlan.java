package org.partnerportal.systemtests;

import java.time.Duration;
import java.util.Random;

/**
 * How big a fault-injection run is. The short form (the defaults) runs in the project's test
 * command; the long form is the same run with other numbers ({@code deploy/system-tests/chaos.sh}):
 * <ul>
 * <li>{@code pp.chaos.partners} (12): partners taken through the whole journey;</li>
 * <li>{@code pp.chaos.threads} (4): journeys running at the same time;</li>
 * <li>{@code pp.chaos.kills} (3): services or the gateway killed with SIGKILL and restarted;</li>
 * <li>{@code pp.chaos.seed}: the seed of every random choice, to replay a run's choice of victims
 * and moments (not the machine's timing). The test command fixes it (the system-tests pom);
 * {@code random} (chaos.sh's default, and when the property is absent) draws one. Printed at the
 * start and in every failure;</li>
 * <li>{@code pp.chaos.fault-gap} (PT12S): the longest pause between two faults.</li>
 * </ul>
 * The Kafka broker is restarted once in every run, at a random place among the kills.
 */
record ChaosPlan(int partners, int threads, int kills, long seed, Duration faultGap) {

    static ChaosPlan fromSystemProperties() {
        int partners = Integer.getInteger("pp.chaos.partners", 12);
        String given = System.getProperty("pp.chaos.seed", "random");
        long seed = given.equals("random") ? new Random().nextLong() : Long.parseLong(given);
        return new ChaosPlan(partners, Integer.getInteger("pp.chaos.threads", Math.min(partners, 4)),
                Integer.getInteger("pp.chaos.kills", 3), seed,
                Duration.parse(System.getProperty("pp.chaos.fault-gap", "PT12S")));
    }

    /** A short tag for this run's names and addresses, so its books never mix with other tests' data. */
    String tag() {
        return Long.toString(Math.abs(seed ^ System.nanoTime()) % 1_679_616, 36);
    }
}
