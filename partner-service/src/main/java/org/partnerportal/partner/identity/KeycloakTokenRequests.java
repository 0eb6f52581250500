package org.partnerportal.partner.identity;

import io.quarkus.arc.Unremovable;
import io.quarkus.oidc.common.OidcEndpoint;
import io.quarkus.oidc.common.OidcRequestContextProperties;
import io.quarkus.oidc.common.OidcRequestFilter;
import io.quarkus.oidc.common.OidcResponseFilter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the {@code keycloak-admin} OIDC client's token requests need beyond the library: the same
 * per-request deadline as every other call to Keycloak ({@code pp.partner.identity.timeout}; the
 * client has a connect timeout only, and a token request that never ends would hold every later
 * one), and Keycloak's answer as an {@link IdentityException} that says whether to try again (5xx,
 * 429) or not (the grant refused, even after the secret file was read again).
 */
// the OIDC client looks its filters up at run time, so no injection point keeps this bean
@Unremovable
@ApplicationScoped
@OidcEndpoint(OidcEndpoint.Type.TOKEN)
public class KeycloakTokenRequests implements OidcRequestFilter, OidcResponseFilter {

    /** The OIDC client's name ({@code quarkus.oidc-client.keycloak-admin.*}), which it puts in each request's context. */
    static final String CLIENT = "keycloak-admin";

    private final IdentityConfig config;

    KeycloakTokenRequests(IdentityConfig config) {
        this.config = config;
    }

    @Override
    public Uni<Void> filter(OidcRequestFilterContext request) {
        if (ours(request.contextProperties())) {
            request.request().timeout(config.timeout().toMillis());
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> filter(OidcResponseFilterContext response) {
        int status = response.statusCode();
        if (ours(response.requestProperties()) && status != 200) {
            return Uni.createFrom().failure(new IdentityException("admin token: Keycloak answered " + status
                    + " to the client-credentials grant of " + config.clientId(), status >= 500 || status == 429));
        }
        return Uni.createFrom().voidItem();
    }

    private static boolean ours(OidcRequestContextProperties properties) {
        return properties != null && CLIENT.equals(properties.get("client-id"));
    }
}
