package org.partnerportal.common.testing;

import java.util.Optional;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * A place where a system test may stop the process dead, to prove what happens when it dies at
 * exactly that moment (a crash that a {@code kill -9} from outside could only hit by luck). It is
 * armed by one configuration key, {@code pp.test.fault.<name>}, whose value says for what the
 * point fires (an event type, a template key); no profile, manifest or launcher sets one, so in
 * production the key is absent and {@link #reached} is a comparison with null. When armed, the
 * process says so loudly at start and, when the point is reached, halts with
 * {@link Runtime#halt}: no shutdown hook, no flush, no graceful close, as a power cut would.
 */
public final class FaultPoint {

    private static final Logger LOG = Logger.getLogger(FaultPoint.class);
    /** The exit status of a halted process, so that a log or a launcher can tell it from a crash. */
    public static final int HALT_STATUS = 86;

    private final String key;
    private final String armedFor;

    private FaultPoint(String key, String armedFor) {
        this.key = key;
        this.armedFor = armedFor;
    }

    /** The fault point {@code pp.test.fault.<name>}, read once from the configuration. */
    public static FaultPoint named(String name) {
        String key = "pp.test.fault." + name;
        Optional<String> value = ConfigProvider.getConfig().getOptionalValue(key, String.class)
                .map(String::trim).filter(v -> !v.isEmpty());
        value.ifPresent(v -> LOG.warnf("TEST FAULT POINT ARMED: %s=%s halts this process when reached; never set it in production",
                key, v));
        return new FaultPoint(key, value.orElse(null));
    }

    public boolean armed() {
        return armedFor != null;
    }

    /** Whether the point is armed for {@code what}; {@link #reached} halts exactly then. */
    public boolean armedFor(String what) {
        return armedFor != null && armedFor.equals(what);
    }

    /** Halts the process if the point is armed for {@code what}; otherwise does nothing. */
    public void reached(String what, String detail) {
        if (!armedFor(what)) {
            return;
        }
        LOG.errorf("TEST FAULT POINT %s reached for %s (%s): halting the process now", key, what, detail);
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(HALT_STATUS);
    }
}
