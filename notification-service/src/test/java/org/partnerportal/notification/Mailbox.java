package org.partnerportal.notification;

import java.time.Duration;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.partnerportal.notification.service.DeliveryDispatcher;

import jakarta.mail.BodyPart;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;

/** Reads a mailbox over IMAP, as the recipient's mail client would. */
final class Mailbox {

    record Received(String to, String from, String subject, String text, String html, String deliveryId, String messageId,
            Map<String, byte[]> attachments) {
    }

    private Mailbox() {
    }

    static List<Received> of(String address) {
        return of(address, Integer.parseInt(System.getProperty(MailServerResource.IMAP_PORT)));
    }

    static List<Received> of(String address, int imapPort) {
        Properties p = new Properties();
        p.put("mail.imap.host", "127.0.0.1");
        p.put("mail.imap.port", String.valueOf(imapPort));
        try {
            Store store = Session.getInstance(p).getStore("imap");
            store.connect("127.0.0.1", imapPort, address, "any");
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                List<Received> out = new ArrayList<>();
                for (Message m : inbox.getMessages()) {
                    String[] header = m.getHeader(DeliveryDispatcher.DELIVERY_HEADER);
                    String[] parts = new String[2];
                    Map<String, byte[]> files = new LinkedHashMap<>();
                    collect(m.getContent(), m.getContentType(), parts, files);
                    String[] messageId = m.getHeader("Message-ID");
                    var toHeader = m.getRecipients(Message.RecipientType.TO);
                    out.add(new Received(toHeader == null ? null : toHeader[0].toString(), m.getFrom()[0].toString(), m.getSubject(), parts[0], parts[1],
                            header == null ? null : header[0], messageId == null ? null : messageId[0], files));
                }
                inbox.close(false);
                return out;
            } finally {
                store.close();
            }
        } catch (Exception e) {
            throw new AssertionError("Cannot read the mailbox of " + address, e);
        }
    }

    /** Waits until the mailbox holds {@code count} messages (no more) and returns them. */
    static List<Received> awaitCount(String address, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> of(address).size() >= count);
        return of(address);
    }

    static Received awaitOne(String address, Predicate<Received> filter) {
        List<Received>[] found = new List[1];
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            found[0] = of(address).stream().filter(filter).toList();
            return !found[0].isEmpty();
        });
        return found[0].get(0);
    }

    private static void collect(Object content, String type, String[] parts, Map<String, byte[]> files) throws Exception {
        if (content instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart part = mp.getBodyPart(i);
                if (part.getFileName() != null) {
                    try (InputStream in = part.getInputStream()) {
                        files.put(part.getFileName(), in.readAllBytes());
                    }
                    continue;
                }
                collect(part.getContent(), part.getContentType(), parts, files);
            }
        } else if (content instanceof String s) {
            if (type.toLowerCase().startsWith("text/html")) {
                parts[1] = s;
            } else {
                parts[0] = s;
            }
        }
    }
}
