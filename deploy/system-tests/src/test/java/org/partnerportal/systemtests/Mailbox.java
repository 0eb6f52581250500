package org.partnerportal.systemtests;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.BodyPart;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;

/** Reads what GreenMail captured over IMAP, as a mail client would (any password opens a mailbox). */
final class Mailbox {

    /**
     * One message; {@code deliveryId} is notification-service's {@code X-PartnerPortal-Delivery}
     * header ({@code <source>:<template>:<recipient>}, null on mail from elsewhere, e.g. Keycloak).
     */
    record Mail(String subject, List<String> to, String text, String html, List<String> attachments,
            String deliveryId, String messageId) {

        /** The template that rendered it, taken from the delivery id; null on mail from elsewhere. */
        String template() {
            if (deliveryId == null) {
                return null;
            }
            String[] parts = deliveryId.split(":");
            return parts.length >= 3 ? parts[parts.length - 2] : null;
        }
    }

    private Mailbox() {
    }

    static List<Mail> of(String address) {
        Properties props = new Properties();
        props.put("mail.imap.host", "localhost");
        props.put("mail.imap.port", String.valueOf(Stack.IMAP));
        props.put("mail.imap.connectiontimeout", "5000");
        props.put("mail.imap.timeout", "5000");
        Session session = Session.getInstance(props);
        try (Store store = session.getStore("imap")) {
            store.connect("localhost", Stack.IMAP, address, "any");
            try (Folder inbox = store.getFolder("INBOX")) {
                inbox.open(Folder.READ_ONLY);
                List<Mail> mails = new ArrayList<>();
                for (Message m : inbox.getMessages()) {
                    List<String> to = new ArrayList<>();
                    for (var a : m.getAllRecipients()) {
                        to.add(a.toString());
                    }
                    StringBuilder text = new StringBuilder();
                    StringBuilder html = new StringBuilder();
                    List<String> attachments = new ArrayList<>();
                    collect(m.getContent(), m.getContentType(), text, html, attachments);
                    mails.add(new Mail(m.getSubject(), to, text.toString(), html.toString(), attachments,
                            header(m, "X-PartnerPortal-Delivery"), header(m, "Message-ID")));
                }
                return mails;
            }
        } catch (jakarta.mail.AuthenticationFailedException e) {
            // GreenMail creates a mailbox when the first mail for it arrives
            return List.of();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("Cannot read the mailbox of " + address, e);
        }
    }

    private static String header(Message m, String name) throws MessagingException {
        String[] values = m.getHeader(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    private static void collect(Object content, String type, StringBuilder text, StringBuilder html,
            List<String> attachments) throws MessagingException, IOException {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.getFileName() != null) {
                    attachments.add(part.getFileName());
                } else {
                    collect(part.getContent(), part.getContentType(), text, html, attachments);
                }
            }
        } else if (content instanceof String s) {
            (type.toLowerCase().startsWith("text/html") ? html : text).append(s);
        }
    }
}
