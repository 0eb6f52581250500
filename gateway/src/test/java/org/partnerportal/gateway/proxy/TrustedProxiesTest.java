package org.partnerportal.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Addresses and CIDR ranges; an empty list where one is required (prod) stops the gateway. */
class TrustedProxiesTest {

    private static TrustedProxies of(boolean required, String... entries) {
        return new TrustedProxies(entries.length == 0 ? Optional.empty() : Optional.of(List.of(entries)), required);
    }

    @Test
    void rangesAndAddresses() {
        TrustedProxies p = of(true, "10.0.0.0/8", "192.168.1.7", "fd00::/8");
        assertTrue(p.contains("10.244.3.17"));
        assertTrue(p.contains("192.168.1.7"));
        assertFalse(p.contains("192.168.1.8"));
        assertFalse(p.contains("11.0.0.1"));
        assertTrue(p.contains("fd12:3456::1"));
        assertFalse(p.contains("fe80::1"));
        assertFalse(p.contains("unknown"));
        TrustedProxies narrow = of(false, "172.16.0.0/12");
        assertTrue(narrow.contains("172.31.255.255"));
        assertFalse(narrow.contains("172.32.0.0"));
    }

    @Test
    void noneTrustsNobodyAndSatisfiesTheRequirement() {
        TrustedProxies p = of(true, "none");
        assertFalse(p.contains("127.0.0.1"));
    }

    @Test
    void emptyIsRefusedWhereRequiredAndAllowedElsewhere() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> of(true));
        assertTrue(e.getMessage().contains("PP_TRUSTED_PROXIES"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> of(true, " "));
        assertFalse(of(false).contains("127.0.0.1"));
    }

    @Test
    void entriesThatAreNoAddressStopTheStart() {
        assertThrows(IllegalStateException.class, () -> of(false, "ingress.example.com"));
        assertThrows(IllegalStateException.class, () -> of(false, "10.0.0.0/33"));
        assertThrows(IllegalStateException.class, () -> of(false, "10.0.0.0/x"));
        assertThrows(IllegalStateException.class, () -> of(false, "none", "10.0.0.0/8"));
    }
}
