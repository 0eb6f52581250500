package org.partnerportal.nda.domain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The completion certificate of one signature: a small, self-written PDF 1.4 (Helvetica, text only,
 * no reflection, no fonts to load, so it works the same in a native image). Deterministic: the same
 * record always gives the same bytes. Characters outside Latin-1 (an Arabic name) are shown as
 * {@code ?}; the record's exact values are bound by its evidence hash, printed on the certificate.
 */
public final class CertificatePdf {

    private static final int WRAP = 92;
    private static final int LINES_PER_PAGE = 56;

    private CertificatePdf() {
    }

    public static byte[] render(Evidence e, String hash) {
        List<String> lines = new ArrayList<>();
        lines.add("#Certificate of Completion - Mutual Non-Disclosure Agreement");
        lines.add("");
        lines.add("Reference: " + e.reference());
        lines.add("Partner: " + e.partnerName() + " (" + e.partnerId() + ")");
        lines.add("");
        lines.add("#Signer");
        lines.add("Name: " + e.contactName());
        lines.add("E-mail: " + e.contactEmail());
        lines.add("Title: " + e.contactTitle());
        lines.add("Typed signature: " + e.signature());
        lines.add("");
        lines.add("#Evidence");
        lines.add("Signed at (UTC): " + e.signedAt());
        lines.add("Signed at (Oman, " + e.timeZone() + "): " + e.signedAtLocal());
        lines.add("Valid until: " + e.expiresAt());
        lines.add("IP address: " + e.ip());
        lines.add("User-Agent: " + e.userAgent());
        lines.add("Authenticated by: " + e.authMethod() + " link");
        lines.add("NDA text version: " + e.templateVersion() + " (" + e.lang() + ")");
        lines.add("SHA-256 of the NDA text: " + e.textSha256());
        lines.add("Consent: " + e.consent());
        lines.add("");
        lines.add("#Integrity");
        lines.add("Record hash (SHA-256): " + hash);
        lines.add("Previous record hash: " + e.prevHash());
        lines.add("Issued by: " + e.issuer());
        lines.add("Any change to this record breaks the evidence chain, which the issuer verifies on request.");
        return write(wrap(lines));
    }

    private static List<String> wrap(List<String> in) {
        List<String> out = new ArrayList<>();
        for (String line : in) {
            String rest = line;
            while (rest.length() > WRAP) {
                int cut = rest.lastIndexOf(' ', WRAP);
                if (cut <= 20) {
                    cut = WRAP;
                }
                out.add(rest.substring(0, cut));
                rest = "    " + rest.substring(cut).trim();
            }
            out.add(rest);
        }
        return out;
    }

    private static byte[] write(List<String> lines) {
        List<List<String>> pages = new ArrayList<>();
        for (int i = 0; i < lines.size(); i += LINES_PER_PAGE) {
            pages.add(lines.subList(i, Math.min(lines.size(), i + LINES_PER_PAGE)));
        }
        int n = pages.size();
        // objects: 1 catalog, 2 pages, 3 font, 4 bold font, then per page: page, content
        List<byte[]> objects = new ArrayList<>();
        objects.add(latin("<< /Type /Catalog /Pages 2 0 R >>"));
        StringBuilder kids = new StringBuilder();
        for (int p = 0; p < n; p++) {
            kids.append(5 + 2 * p).append(" 0 R ");
        }
        objects.add(latin("<< /Type /Pages /Kids [" + kids.toString().trim() + "] /Count " + n + " >>"));
        objects.add(latin("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"));
        objects.add(latin("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"));
        for (int p = 0; p < n; p++) {
            StringBuilder content = new StringBuilder("BT\n14 TL\n50 800 Td\n");
            for (String line : pages.get(p)) {
                boolean heading = line.startsWith("#");
                content.append(heading ? "/F2 12 Tf\n" : "/F1 9 Tf\n")
                        .append('(').append(escape(heading ? line.substring(1) : line)).append(") Tj T*\n");
            }
            content.append("ET\n");
            byte[] stream = latin(content.toString());
            objects.add(latin("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents "
                    + (6 + 2 * p) + " 0 R >>"));
            ByteArrayOutputStream s = new ByteArrayOutputStream();
            s.writeBytes(latin("<< /Length " + stream.length + " >>\nstream\n"));
            s.writeBytes(stream);
            s.writeBytes(latin("endstream"));
            objects.add(s.toByteArray());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(latin("%PDF-1.4\n"));
        long[] offsets = new long[objects.size()];
        for (int i = 0; i < objects.size(); i++) {
            offsets[i] = out.size();
            out.writeBytes(latin((i + 1) + " 0 obj\n"));
            out.writeBytes(objects.get(i));
            out.writeBytes(latin("\nendobj\n"));
        }
        long xref = out.size();
        StringBuilder x = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
        for (long off : offsets) {
            x.append(String.format("%010d 00000 n \n", off));
        }
        x.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n").append(xref)
                .append("\n%%EOF\n");
        out.writeBytes(latin(x.toString()));
        return out.toByteArray();
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '(' || c == ')' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 32 || c > 255) {
                b.append('?');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static byte[] latin(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
