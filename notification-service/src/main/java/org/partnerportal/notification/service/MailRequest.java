package org.partnerportal.notification.service;

import java.util.Map;

/**
 * One message somebody asked for: a template, a recipient and the values of its variables.
 * {@code audience} says who reads it: {@code partner} (a touch with the partner, on its timeline)
 * or {@code admin} (an internal alert about the partner).
 */
public record MailRequest(String template, String lang, String recipient, String partnerId, String audience,
        Map<String, String> variables) {

    public static final String PARTNER = "partner";
    public static final String ADMIN = "admin";
}
