package org.partnerportal.engagement.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Amounts cross the API as decimal numbers and live in the database as whole cents. */
public final class Money {

    private Money() {
    }

    public static Long toCents(BigDecimal amount) {
        return amount == null ? null : amount.setScale(2, RoundingMode.UNNECESSARY).movePointRight(2).longValueExact();
    }

    public static BigDecimal of(Long cents) {
        return cents == null ? null : BigDecimal.valueOf(cents, 2).stripTrailingZeros();
    }

    public static BigDecimal of(long cents) {
        return BigDecimal.valueOf(cents, 2).stripTrailingZeros();
    }
}
