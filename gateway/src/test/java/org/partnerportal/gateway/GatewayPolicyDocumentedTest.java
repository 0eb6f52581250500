package org.partnerportal.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.partnerportal.gateway.policy.PolicyTable;

/** The README's policy table lists every rule, so the documentation cannot drift from the code. */
class GatewayPolicyDocumentedTest {

    @Test
    void everyRuleIsInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        List<String> missing = PolicyTable.rules().stream().map(r -> "`" + r.method() + " " + r.template() + "`")
                .filter(entry -> !readme.contains(entry)).toList();
        assertTrue(missing.isEmpty(), "not documented in gateway/README.md: " + missing);
    }
}
