package org.partnerportal.partner.domain;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * A person (by e-mail) who is a partner user of a partner, from an approved access request. The
 * identity side turns it into the {@code partner} role and the {@code partnerId} claim.
 * The id is {@code email|partnerId}, so approving twice cannot make two. {@code identityUserId}
 * and {@code provisionedAt} record the Keycloak user that carries the role and the claim, once
 * the identity side made it so ({@code identityCreated}: partner-service created that user).
 */
@MongoEntity(collection = "memberships")
public class Membership {
    @BsonId
    public String id;
    public String email;
    public String name;
    public String partnerId;
    public String requestId;
    public String grantedBy;
    public Instant grantedAt;
    public String identityUserId;
    public Boolean identityCreated;
    public Instant provisionedAt;

    public static String idOf(String email, String partnerId) {
        return email + "|" + partnerId;
    }
}
