package org.partnerportal.nda;

import java.util.HashMap;
import java.util.Map;

import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.TestInfra;

/** The shared test servers plus the token-link keys that TestInfra generates once per JVM. */
public class NdaTestResource extends PortalTestResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("pp.nda.proposal-token.private-key-location", TestInfra.keysDir().resolve("proposal-token-private.pem").toString());
        config.put("pp.nda.proposal-token.public-key-location", TestInfra.keysDir().resolve("proposal-token-public.pem").toString());
        config.put("pp.nda.portal.hmac-key-file", TestInfra.keysDir().resolve("portal-hmac.key").toString());
        return config;
    }
}
