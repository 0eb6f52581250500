package org.partnerportal.partner.identity;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.jboss.logging.Logger;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.partner.domain.Membership;
import org.partnerportal.partner.repository.MembershipRepository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Makes the person of a {@link Membership} a partner user in Keycloak: realm role {@code partner}
 * and attribute {@code partnerId} (which the realm maps into the token's {@code partnerId} claim).
 * <ul>
 * <li>No user with that e-mail: one is created (user name = e-mail, not verified, required actions
 * UPDATE_PASSWORD and VERIFY_EMAIL) and Keycloak mails them its own set-password link.</li>
 * <li>A user with that e-mail and no partner (or this one): its {@code partnerId} is set (other
 * attributes kept) and the role added.</li>
 * <li>A user with that e-mail that belongs to another partner, or a staff account ({@code admin},
 * {@code super_admin}): never changed. The approval itself is refused first ({@link #checkBindable},
 * {@code 409} saying why); should the account change between the approval and the provisioning,
 * the provisioning refuses too (not retried; the event is dead-lettered).</li>
 * </ul>
 * Every step looks before it writes, so a second approval, a redelivered event or a retry after a
 * half-done attempt changes nothing that is already right. While Keycloak is unreachable or
 * failing, the whole attempt is retried with back-off; after that the failure goes to the caller
 * (the event is nacked and dead-lettered, never dropped).
 */
@ApplicationScoped
public class IdentityProvisioner {

    private static final Logger LOG = Logger.getLogger(IdentityProvisioner.class);
    static final String ROLE = "partner";
    static final String ATTRIBUTE = "partnerId";
    static final List<String> NEW_USER_ACTIONS = List.of("UPDATE_PASSWORD", "VERIFY_EMAIL");
    /** Realm roles of the program's staff: such an account is never turned into a partner user. */
    static final List<String> STAFF_ROLES = List.of("admin", "super_admin");

    private final IdentityConfig config;
    private final KeycloakAdmin keycloak;
    private final MembershipRepository memberships;
    private final ObjectMapper mapper;
    private final Clock clock;

    IdentityProvisioner(IdentityConfig config, KeycloakAdmin keycloak, MembershipRepository memberships,
            ObjectMapper mapper, Clock clock) {
        this.config = config;
        this.keycloak = keycloak;
        this.memberships = memberships;
        this.mapper = mapper;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            LOG.infof("Identity provisioning is on: approved requesters become partner users in realm %s at %s (client %s)",
                    config.realm(), config.keycloakUrl(), config.clientId());
        } else {
            LOG.info("Identity provisioning is off (pp.partner.identity.enabled=false): an approval only stores the membership");
        }
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** What happened in Keycloak. {@code changed}: something was written there. */
    public record Outcome(String userId, boolean created, boolean changed) {
    }

    /**
     * Provisions the membership's person and records it on the membership ({@code identityUserId},
     * {@code provisionedAt}). When provisioning is off, nothing happens but a log line.
     */
    public Uni<Membership> provision(Membership m) {
        if (!config.enabled()) {
            LOG.infof("Identity provisioning is off: membership of partner %s kept without a Keycloak user (request %s)",
                    m.partnerId, m.requestId);
            return Uni.createFrom().item(m);
        }
        IdentityConfig.Retry retry = config.retry();
        return Uni.createFrom().deferred(() -> attempt(m))
                .onFailure(IdentityException::isRetryable).invoke(e -> LOG.warnf(
                        "Provisioning the partner user of partner %s (request %s) failed, will retry: %s",
                        m.partnerId, m.requestId, e.getMessage()))
                .onFailure(IdentityException::isRetryable).retry()
                .withBackOff(retry.initialBackoff(), retry.maxBackoff()).atMost(retry.maxRetries())
                .onFailure().invoke(e -> LOG.errorf("Provisioning the partner user of partner %s (request %s) failed: %s",
                        m.partnerId, m.requestId, e.getMessage()))
                .chain(outcome -> record(m, outcome));
    }

    /**
     * Refuses ({@code 409} problem+json) an approval that would take over an existing account: one
     * that belongs to another partner, or a staff account. Nothing to check while provisioning is
     * off; while Keycloak cannot be asked, the approval goes on and the provisioning checks again.
     */
    public Uni<Void> checkBindable(String email, String partnerId) {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return keycloak.findByEmail(email).chain(user -> user == null ? Uni.createFrom().voidItem()
                : refusal(user, email, partnerId).map(reason -> {
                    if (reason != null) {
                        throw reason;
                    }
                    return null;
                }))
                .onFailure(IdentityException.class).recoverWithUni(e -> {
                    LOG.warnf("Could not check the account of %s before approving (the provisioning checks again): %s",
                            email, e.getMessage());
                    return Uni.createFrom().voidItem();
                }).replaceWithVoid();
    }

    /** Why this existing user must not become a partner user of {@code partnerId}, or null. */
    private Uni<ProblemException> refusal(JsonNode user, String email, String partnerId) {
        String owner = attribute(user);
        if (owner != null && !owner.isBlank() && !owner.equals(partnerId)) {
            return Uni.createFrom().item(ProblemException.conflict("account-of-another-partner", "The account " + email
                    + " already belongs to another partner (" + owner + "); an approval never moves it. Ask the person "
                    + "for another address, or move the account in Keycloak deliberately first.",
                    Map.of("email", email, "ownerPartnerId", owner)));
        }
        String id = user.path("id").asText();
        return keycloak.realmRoles(id).map(roles -> roles.stream().map(r -> r.path("name").asText()).filter(STAFF_ROLES::contains)
                .findFirst().map(role -> ProblemException.conflict("staff-account", "The account " + email
                        + " is a staff account (role " + role + "); staff accounts are never made partner users.",
                        Map.<String, Object>of("email", email, "role", role)))
                .orElse(null));
    }

    private Uni<Outcome> attempt(Membership m) {
        return keycloak.findByEmail(m.email)
                .chain(user -> user != null ? existing(m, user) : create(m));
    }

    private Uni<Outcome> create(Membership m) {
        ObjectNode rep = mapper.createObjectNode();
        rep.put("username", m.email.toLowerCase(java.util.Locale.ROOT));
        rep.put("email", m.email);
        String[] names = names(m.name);
        if (names[0] != null) {
            rep.put("firstName", names[0]);
        }
        if (names[1] != null) {
            rep.put("lastName", names[1]);
        }
        rep.put("enabled", true);
        rep.put("emailVerified", false);
        rep.putObject("attributes").putArray(ATTRIBUTE).add(m.partnerId);
        NEW_USER_ACTIONS.forEach(rep.putArray("requiredActions")::add);
        return keycloak.createUser(rep).chain(id -> {
            if (id == null) {
                // 409: the user name is taken by a user with another (or no) e-mail; take that user
                return keycloak.findByUsername(m.email).chain(user -> {
                    if (user == null) {
                        return Uni.createFrom().failure(new IdentityException("create user: Keycloak answered 409 but "
                                + "no user has that user name or e-mail", true));
                    }
                    return existing(m, user);
                });
            }
            LOG.infof("Created Keycloak user %s for partner %s (request %s)", id, m.partnerId, m.requestId);
            return rememberCreated(m, id)
                    .chain(() -> ensureRole(id))
                    .chain(() -> sendSetPasswordMail(m, id))
                    .replaceWith(new Outcome(id, true, true));
        });
    }

    private Uni<Outcome> existing(Membership m, JsonNode user) {
        String id = user.path("id").asText();
        return refusal(user, m.email, m.partnerId).chain(reason -> {
            if (reason != null) {
                // the account changed after the approval was checked: refuse, never re-bind
                return Uni.createFrom().failure(new IdentityException("refused to provision user " + id + " for partner "
                        + m.partnerId + ": " + reason.problem().detail(), false));
            }
            return bind(m, id, user);
        });
    }

    private Uni<Outcome> bind(Membership m, String id, JsonNode user) {
        return ensureAttribute(id, user, m.partnerId).chain(attributeChanged -> ensureRole(id).chain(roleAdded -> {
            // a user this service created whose set-password mail was never confirmed sent (a
            // failed attempt or a crash in between): send it now
            boolean mailPending = id.equals(m.identityUserId) && Boolean.TRUE.equals(m.identityCreated)
                    && m.provisionedAt == null && hasRequiredAction(user, "UPDATE_PASSWORD");
            Uni<Void> mail = mailPending ? sendSetPasswordMail(m, id) : Uni.createFrom().voidItem();
            boolean changed = attributeChanged || roleAdded || mailPending;
            return mail.replaceWith(new Outcome(id, Boolean.TRUE.equals(m.identityCreated) && id.equals(m.identityUserId), changed));
        }));
    }

    /** Sets {@code partnerId} when it is not already that value; every other attribute stays. */
    private Uni<Boolean> ensureAttribute(String id, JsonNode found, String partnerId) {
        if (partnerId.equals(attribute(found))) {
            return Uni.createFrom().item(false);
        }
        return keycloak.getUser(id).chain(user -> {
            String before = attribute(user);
            if (partnerId.equals(before)) {
                return Uni.createFrom().item(false);
            }
            if (before != null && !before.isBlank()) {
                return Uni.createFrom().failure(new IdentityException("refused to move Keycloak user " + id
                        + " from partner " + before + " to partner " + partnerId, false));
            }
            ObjectNode rep = (ObjectNode) user;
            JsonNode attrs = rep.get("attributes");
            ObjectNode attributes = attrs instanceof ObjectNode o ? o : rep.putObject("attributes");
            attributes.putArray(ATTRIBUTE).add(partnerId);
            return keycloak.updateUser(id, rep).invoke(() -> LOG.infof("Keycloak user %s: partnerId set to %s", id, partnerId))
                    .replaceWith(true);
        });
    }

    /** Maps realm role {@code partner} unless it already is. */
    private Uni<Boolean> ensureRole(String id) {
        return keycloak.realmRoles(id).chain(mapped -> {
            if (mapped.stream().anyMatch(r -> ROLE.equals(r.path("name").asText()))) {
                return Uni.createFrom().item(false);
            }
            return keycloak.availableRealmRoles(id).chain(available -> {
                JsonNode role = available.stream().filter(r -> ROLE.equals(r.path("name").asText())).findFirst().orElse(null);
                if (role == null) {
                    return Uni.createFrom().failure(new IdentityException("map realm role: role '" + ROLE
                            + "' is neither mapped to user " + id + " nor available in realm " + config.realm(), false));
                }
                return keycloak.addRealmRoles(id, List.of(role))
                        .invoke(() -> LOG.infof("Keycloak user %s: realm role %s added", id, ROLE)).replaceWith(true);
            });
        });
    }

    private Uni<Void> sendSetPasswordMail(Membership m, String id) {
        return keycloak.executeActionsEmail(id, NEW_USER_ACTIONS)
                .invoke(() -> LOG.infof("Keycloak mailed its set-password link to user %s (partner %s)", id, m.partnerId));
    }

    /** Stored at once, so that a later attempt knows this user is the one created here. */
    private Uni<Void> rememberCreated(Membership m, String id) {
        m.identityUserId = id;
        m.identityCreated = true;
        return memberships.mongoCollection().updateOne(Filters.eq("_id", m.id),
                Updates.combine(Updates.set("identityUserId", id), Updates.set("identityCreated", true)))
                .replaceWithVoid();
    }

    private Uni<Membership> record(Membership m, Outcome outcome) {
        if (outcome.userId().equals(m.identityUserId) && m.provisionedAt != null && !outcome.changed()) {
            LOG.debugf("Keycloak user %s already is a partner user of %s: nothing to do", outcome.userId(), m.partnerId);
            return Uni.createFrom().item(m);
        }
        m.identityUserId = outcome.userId();
        if (m.identityCreated == null) {
            m.identityCreated = outcome.created();
        }
        if (m.provisionedAt == null) {
            m.provisionedAt = clock.instant();
        }
        Document set = new Document("identityUserId", m.identityUserId).append("identityCreated", m.identityCreated)
                .append("provisionedAt", java.util.Date.from(m.provisionedAt));
        return memberships.mongoCollection().updateOne(Filters.eq("_id", m.id), new Document("$set", set))
                .replaceWith(m);
    }

    private static String attribute(JsonNode user) {
        JsonNode values = user.path("attributes").path(ATTRIBUTE);
        if (values.isArray()) {
            return values.isEmpty() ? null : values.get(0).asText();
        }
        return values.isMissingNode() || values.isNull() ? null : values.asText();
    }

    private static boolean hasRequiredAction(JsonNode user, String action) {
        for (JsonNode a : user.path("requiredActions")) {
            if (action.equals(a.asText())) {
                return true;
            }
        }
        return false;
    }

    /** "Rana Al-Busaidi" → Rana / Al-Busaidi; "Ada Lovelace King" → Ada / Lovelace King; one word → first name only. */
    static String[] names(String name) {
        if (name == null || name.isBlank()) {
            return new String[] { null, null };
        }
        String n = name.trim().replaceAll("\\s+", " ");
        int space = n.indexOf(' ');
        return space < 0 ? new String[] { n, null } : new String[] { n.substring(0, space), n.substring(space + 1) };
    }
}
