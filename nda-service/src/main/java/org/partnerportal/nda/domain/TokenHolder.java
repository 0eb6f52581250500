package org.partnerportal.nda.domain;

/**
 * A verified token-link caller: the partner it may act for, how it authenticated ({@code proposal},
 * {@code proposal-code}, {@code portal}), the credential id (jti, code hash prefix, key version) and
 * the internal JWT's subject.
 */
public record TokenHolder(String partnerId, String auth, String credentialId, String subject) {
}
