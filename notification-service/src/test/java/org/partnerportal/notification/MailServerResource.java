package org.partnerportal.notification;

import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real SMTP server (GreenMail, in process) that captures every message, with IMAP to read the
 * mailboxes back as a recipient would. Started once per test JVM; the ports travel in system
 * properties because Quarkus may load this class more than once.
 */
public class MailServerResource implements QuarkusTestResourceLifecycleManager {

    static final String SMTP_PORT = "pp.test.smtp.port";
    static final String IMAP_PORT = "pp.test.imap.port";

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", String.valueOf(ensureStarted()));
    }

    static synchronized int ensureStarted() {
        String port = System.getProperty(SMTP_PORT);
        if (port == null) {
            GreenMail mail = start(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
                    new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
            System.setProperty(IMAP_PORT, String.valueOf(mail.getImap().getPort()));
            port = String.valueOf(mail.getSmtp().getPort());
            System.setProperty(SMTP_PORT, port);
        }
        return Integer.parseInt(port);
    }

    /** Starts a GreenMail that accepts any sender and opens any mailbox with any password. */
    static GreenMail start(ServerSetup... setups) {
        GreenMail mail = new GreenMail(setups).withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        mail.start();
        Runtime.getRuntime().addShutdownHook(new Thread(mail::stop, "greenmail-stop"));
        return mail;
    }

    @Override
    public void stop() {
        // shared for the whole test JVM
    }
}
