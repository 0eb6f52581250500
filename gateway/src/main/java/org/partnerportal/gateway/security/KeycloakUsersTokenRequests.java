package org.partnerportal.gateway.security;

import io.quarkus.arc.Unremovable;
import io.quarkus.oidc.common.OidcEndpoint;
import io.quarkus.oidc.common.OidcRequestFilter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Gives the {@code keycloak-users} OIDC client's token requests the same deadline as the admin API
 * calls of {@link PartnerUsers}: the client has a connect timeout only, and a token request that
 * never ends would hold every later one. The sign-in tenants' requests are left alone.
 */
// the OIDC client looks its filters up at run time, so no injection point keeps this bean
@Unremovable
@ApplicationScoped
@OidcEndpoint(OidcEndpoint.Type.TOKEN)
public class KeycloakUsersTokenRequests implements OidcRequestFilter {

    @Override
    public Uni<Void> filter(OidcRequestFilterContext request) {
        if (request.contextProperties() != null && PartnerUsers.OIDC_CLIENT.equals(request.contextProperties().get("client-id"))) {
            request.request().timeout(PartnerUsers.TIMEOUT_MS);
        }
        return Uni.createFrom().voidItem();
    }
}
