package org.partnerportal.partner.rest;

import java.time.Instant;
import java.util.List;

import org.partnerportal.partner.domain.Membership;
import org.partnerportal.partner.repository.MembershipRepository;
import org.partnerportal.partner.service.PartnerService;

import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The partner users of a partner (the memberships of approved access requests), with the identity
 * provider's user id once provisioned: what the console's "view as this partner user" control needs.
 */
@Path("/api/partners/{id}/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
public class PartnerUsersResource {

    /** {@code userId}: the identity provider's id (null until provisioned); {@code provisionedAt} when it was made so. */
    public record PartnerUserView(String email, String name, String userId, Instant grantedAt, String grantedBy,
            Instant provisionedAt) {

        static PartnerUserView of(Membership m) {
            return new PartnerUserView(m.email, m.name, m.identityUserId, m.grantedAt, m.grantedBy, m.provisionedAt);
        }
    }

    private final PartnerService partners;
    private final MembershipRepository memberships;

    PartnerUsersResource(PartnerService partners, MembershipRepository memberships) {
        this.partners = partners;
        this.memberships = memberships;
    }

    @GET
    public Uni<List<PartnerUserView>> list(@PathParam("id") String id) {
        return partners.get(id).chain(() -> memberships.list("partnerId", Sort.ascending("email"), id))
                .map(l -> l.stream().map(PartnerUserView::of).toList());
    }
}
