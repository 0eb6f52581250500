package org.partnerportal.notification.rest;

import java.time.Instant;
import java.util.Locale;

import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.notification.domain.RecipientPreference;
import org.partnerportal.notification.repository.RecipientRepository;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The language each address reads: used when a message names none. */
@Path("/api/notifications/recipients/{email}")
@RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
@Produces(MediaType.APPLICATION_JSON)
public class RecipientResource {

    private final RecipientRepository recipients;
    private final java.time.Clock clock;

    RecipientResource(RecipientRepository recipients, java.time.Clock clock) {
        this.recipients = recipients;
        this.clock = clock;
    }

    public record LanguageChoice(@NotNull @Pattern(regexp = "en|ar", message = "must be en or ar") String lang) {
    }

    public record RecipientView(String email, String lang, String source, Instant updatedAt) {
    }

    @GET
    public Uni<RecipientView> get(@PathParam("email") String email) {
        return recipients.findById(normalise(email)).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("Recipient", email))
                .map(p -> new RecipientView(p.id, p.lang, p.source, p.updatedAt));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RecipientView> put(@PathParam("email") String email, @Valid @NotNull LanguageChoice body) {
        RecipientPreference p = new RecipientPreference();
        p.id = normalise(email);
        p.lang = body.lang();
        p.source = "admin";
        p.updatedAt = clock.instant();
        return recipients.persistOrUpdate(p).map(x -> new RecipientView(p.id, p.lang, p.source, p.updatedAt));
    }

    private static String normalise(String email) {
        String e = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
        if (!e.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw ProblemException.badRequest("email", "must be an e-mail address");
        }
        return e;
    }
}
