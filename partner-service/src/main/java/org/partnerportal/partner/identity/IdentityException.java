package org.partnerportal.partner.identity;

/**
 * Keycloak did not do what partner-service asked. {@link #retryable()}: it was unreachable, timed
 * out, failed (5xx) or refused a stale token, so trying again may work; otherwise it answered with
 * a client error that a retry will not change. Messages never carry a token or a secret.
 */
public class IdentityException extends RuntimeException {

    private final boolean retryable;

    public IdentityException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public IdentityException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }

    static boolean isRetryable(Throwable t) {
        return t instanceof IdentityException e && e.retryable;
    }
}
