package org.partnerportal.nda.domain;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import com.ibm.icu.text.ArabicShaping;
import com.ibm.icu.text.ArabicShapingException;
import com.ibm.icu.text.Bidi;

/**
 * The completion certificate of one signature, a PDF written with PDFBox. Latin text is set in
 * Helvetica; anything Helvetica cannot show (an Arabic name, title or signature) in Noto Naskh
 * Arabic, embedded as a subset from {@code fonts/NotoNaskhArabic-Regular.ttf} (SIL OFL 1.1, see
 * {@code fonts/OFL.txt}). PDF has no text shaping of its own, so a line with Arabic is shaped first
 * (ICU's {@link ArabicShaping}: each letter in its joined form) and then put in visual order (ICU's
 * {@link Bidi}: the Arabic runs right to left inside the left-to-right line), which is what a
 * reader sees and what text extraction turns back into the logical text.
 *
 * <p>Deterministic: no creation date, a document id derived from the record hash, and PDFBox's
 * subset tag derived from the glyphs used, so the same record always gives the same bytes (the
 * e-mailed certificate and the downloaded one are identical).
 */
public final class CertificatePdf {

    private static final String ARABIC_FONT = "/fonts/NotoNaskhArabic-Regular.ttf";
    private static final int WRAP = 92;
    private static final int LINES_PER_PAGE = 56;
    private static final float LEADING = 14;
    private static final float MARGIN_X = 50;
    private static final float TOP = 800;

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
        try {
            return write(wrap(lines), hash);
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot write the NDA certificate", ex);
        }
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

    private static byte[] write(List<String> lines, String hash) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDFont helvetica = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            // the Arabic font is parsed and embedded only when a line needs it: most certificates are Latin only
            boolean needsArabic = lines.stream().anyMatch(l -> l.chars().anyMatch(c -> !has(helvetica, String.valueOf((char) c))));
            Fonts fonts = new Fonts(helvetica, new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD),
                    needsArabic ? PDType0Font.load(doc, new ByteArrayInputStream(arabicFont()), true) : null);
            for (int first = 0; first < lines.size(); first += LINES_PER_PAGE) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                    content.beginText();
                    content.setLeading(LEADING);
                    content.newLineAtOffset(MARGIN_X, TOP);
                    for (String line : lines.subList(first, Math.min(lines.size(), first + LINES_PER_PAGE))) {
                        boolean heading = line.startsWith("#");
                        show(content, fonts, heading ? line.substring(1) : line, heading);
                        content.newLine();
                    }
                    content.endText();
                }
            }
            // a fixed document id (the trailer's /ID) instead of one made from the clock
            byte[] id = hash.length() >= 32 ? java.util.HexFormat.of().parseHex(hash.substring(0, 32)) : new byte[16];
            COSArray ids = new COSArray();
            ids.add(new COSString(id));
            ids.add(new COSString(id));
            doc.getDocument().getTrailer().setItem(COSName.ID, ids);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** {@code arabic} is null when no line needs it. */
    private record Fonts(PDFont latin, PDFont latinBold, PDFont arabic) {
    }

    private static volatile byte[] arabicFont;

    /** The font file's bytes, read from the class path once. */
    private static byte[] arabicFont() throws IOException {
        byte[] bytes = arabicFont;
        if (bytes == null) {
            try (InputStream in = CertificatePdf.class.getResourceAsStream(ARABIC_FONT)) {
                if (in == null) {
                    throw new IOException("The font " + ARABIC_FONT + " is missing from the class path");
                }
                bytes = in.readAllBytes();
            }
            arabicFont = bytes;
        }
        return bytes;
    }

    /** One line in visual order, each run in the first font that has its characters. */
    private static void show(PDPageContentStream content, Fonts fonts, String logical, boolean heading) throws IOException {
        String visual = visual(logical);
        PDFont latin = heading ? fonts.latinBold() : fonts.latin();
        float size = heading ? 12 : 9;
        StringBuilder run = new StringBuilder();
        PDFont runFont = null;
        for (int i = 0; i < visual.length(); ) {
            int cp = visual.codePointAt(i);
            i += Character.charCount(cp);
            String ch = new String(Character.toChars(cp));
            PDFont font = has(latin, ch) ? latin : fonts.arabic() != null && has(fonts.arabic(), ch) ? fonts.arabic() : latin;
            if (font == latin && !has(latin, ch)) {
                ch = "?"; // neither font has it: say so rather than fail the certificate
            }
            if (font != runFont && !run.isEmpty()) {
                content.setFont(runFont, size);
                content.showText(run.toString());
                run.setLength(0);
            }
            runFont = font;
            run.append(ch);
        }
        if (!run.isEmpty()) {
            content.setFont(runFont, size);
            content.showText(run.toString());
        }
    }

    private static boolean has(PDFont font, String ch) {
        try {
            font.encode(ch);
            return true;
        } catch (IllegalArgumentException | IOException e) {
            return false;
        }
    }

    /**
     * The glyph sequence as it is drawn from left to right: Arabic letters in their contextual
     * forms (presentation forms), runs of right-to-left text reversed; a line without right-to-left
     * text is returned as it is.
     */
    static String visual(String logical) {
        if (!Bidi.requiresBidi(logical.toCharArray(), 0, logical.length())) {
            return logical;
        }
        try {
            String shaped = new ArabicShaping(ArabicShaping.LETTERS_SHAPE | ArabicShaping.TEXT_DIRECTION_LOGICAL
                    | ArabicShaping.LENGTH_GROW_SHRINK).shape(logical);
            Bidi bidi = new Bidi(shaped, Bidi.LTR);
            return bidi.writeReordered(Bidi.DO_MIRRORING | Bidi.REMOVE_BIDI_CONTROLS);
        } catch (ArabicShapingException ex) {
            return logical;
        }
    }
}
