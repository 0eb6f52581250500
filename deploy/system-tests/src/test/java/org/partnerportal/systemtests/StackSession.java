package org.partnerportal.systemtests;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Stops the stack once, when the whole test run is over (registered through META-INF/services). */
public class StackSession implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        Stack.stop();
    }
}
