package org.partnerportal.notification.domain;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The signature certificate attached to the signer's record: the evidence of the NdaSigned event
 * (reference, signer, times in UTC and Oman time, validity, NDA text version and its SHA-256) as a
 * self-contained bilingual HTML document. Built from the event alone; nothing is looked up.
 */
public final class NdaCertificate {

    private NdaCertificate() {
    }

    public static Attachment of(Map<String, String> v) {
        Map<String, String[]> rows = new LinkedHashMap<>();
        rows.put("reference", new String[] { "Reference", "المرجع" });
        rows.put("partnerName", new String[] { "Partner", "الشريك" });
        rows.put("signerName", new String[] { "Signed by", "الموقّع" });
        rows.put("signerTitle", new String[] { "Title", "المسمى الوظيفي" });
        rows.put("signerEmail", new String[] { "E-mail", "البريد الإلكتروني" });
        rows.put("signedAt", new String[] { "Signed (UTC)", "تاريخ التوقيع (UTC)" });
        rows.put("signedAtLocal", new String[] { "Signed (Oman time)", "تاريخ التوقيع (توقيت عُمان)" });
        rows.put("expiresAt", new String[] { "Valid until", "صالحة حتى" });
        rows.put("templateVersion", new String[] { "NDA text version", "إصدار النص" });
        rows.put("textSha256", new String[] { "SHA-256 of the text signed", "بصمة SHA-256 للنص" });
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>NDA certificate ")
                .append(TemplateRenderer.escape(v.getOrDefault("reference", ""))).append("</title></head><body>\n")
                .append("<h1>Non-disclosure agreement: signature certificate</h1>\n")
                .append("<h2 dir=\"rtl\" lang=\"ar\">شهادة توقيع اتفاقية عدم الإفصاح</h2>\n<table>\n");
        rows.forEach((field, labels) -> {
            String value = v.get(field);
            if (value != null && !value.isBlank()) {
                b.append("<tr><th>").append(labels[0]).append("</th><td>").append(TemplateRenderer.escape(value))
                        .append("</td><th dir=\"rtl\" lang=\"ar\">").append(labels[1]).append("</th></tr>\n");
            }
        });
        b.append("</table>\n<p>Signed electronically under the Electronic Transactions Law of the Sultanate of Oman "
                + "(Royal Decree 69/2008). The signer's IP address and user agent are kept with the signature.</p>\n"
                + "</body></html>\n");
        String name = (v.getOrDefault("reference", "NDA") + "-certificate.html").replaceAll("[^A-Za-z0-9._-]", "_");
        return new Attachment(name, "text/html; charset=UTF-8",
                Base64.getEncoder().encodeToString(b.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
