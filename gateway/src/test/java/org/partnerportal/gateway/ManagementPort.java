package org.partnerportal.gateway;

import org.eclipse.microprofile.config.ConfigProvider;

/** The gateway's management interface in tests: a random port, published in the config once bound. */
final class ManagementPort {

    private ManagementPort() {
    }

    static String metrics() {
        int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        if (port <= 0) {
            throw new IllegalStateException("The management interface has not published its port");
        }
        return "http://localhost:" + port + "/q/metrics";
    }
}
