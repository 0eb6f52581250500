package org.partnerportal.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** The machine the stack and the bench share, as {@code /proc/stat} counts it. */
final class Machine {

    private Machine() {
    }

    /**
     * Waits until the machine is quiet: two consecutive seconds in which its CPUs were at most 20 %
     * busy, at most 90 s; returns the seconds waited. Right after {@code up}, Keycloak and the other
     * JVMs are still compiling their start-up code, and the first service measured would share the
     * cores with them while the later ones do not; a stop leaves the consumer group rebalancing for
     * a moment; and a load phase that went past what the 2 cores serve (view tracking at 50/s and
     * more) leaves events queued in Kafka that the services still work through after it, which the
     * next phase would otherwise be measured against.
     */
    static double awaitQuiet() {
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(90);
        int quiet = 0;
        long[] before = cpuTicks();
        while (quiet < 2) {
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            long[] now = cpuTicks();
            long total = now[0] - before[0];
            double busy = total == 0 ? 0 : (double) (now[1] - before[1]) / total;
            before = now;
            quiet = busy <= 0.20 ? quiet + 1 : 0;
            if (System.nanoTime() > deadline) {
                System.out.printf(Locale.ROOT, "  (the machine did not quieten within 90 s: last second %.0f %% busy)%n", busy * 100);
                break;
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** All CPUs' ticks from /proc/stat: {total, busy} (busy: all but idle and iowait). */
    private static long[] cpuTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total, total - idle};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
