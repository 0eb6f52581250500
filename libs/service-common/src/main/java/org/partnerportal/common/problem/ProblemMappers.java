package org.partnerportal.common.problem;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.partnerportal.common.mongo.MongoErrors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.mongodb.MongoServerException;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.AuthenticationFailedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * The one error contract of every service: each exception family becomes a problem+json body and
 * no stack trace ever reaches a client.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final String FORM_PARSER = "org.jboss.resteasy.reactive.server.core.multipart.";

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper(priority = 1)
    public Response validation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return ProblemException.invalid(errors).problem().toResponse();
    }

    @ServerExceptionMapper(priority = 1)
    public Response unknownField(UnrecognizedPropertyException e) {
        return ProblemException.badRequest(jsonPath(e), "unknown or read-only field").problem().toResponse();
    }

    /**
     * A value of the wrong type or format ({@code "occurredAt": "yesterday"}). Declared for this exact
     * family because Quarkus REST ships its own mapper for it, whose body is not problem+json.
     */
    @ServerExceptionMapper(priority = 1)
    public Response mismatchedInput(MismatchedInputException e) {
        return badJson((JsonMappingException) e);
    }

    @ServerExceptionMapper(priority = 1)
    public Response badJson(JsonMappingException e) {
        String path = jsonPath(e);
        return (path.isEmpty()
                ? new ProblemException(Problem.of(400, "malformed-body", "Malformed request body", "The body is not valid JSON for this operation"))
                : ProblemException.badRequest(path, "has the wrong type or format")).problem().toResponse();
    }

    @ServerExceptionMapper(priority = 2)
    public Response badJson(JsonProcessingException e) {
        return Problem.of(400, "malformed-body", "Malformed request body", "The body is not valid JSON").toResponse();
    }

    /**
     * A body the framework could not read: a multipart body that is not one (no such boundary,
     * cut short) fails in Quarkus REST's form parser before any resource method runs. That is the
     * client's fault, 400; any other I/O failure stays a 500.
     */
    @ServerExceptionMapper(priority = 1)
    public Response unreadableBody(IOException e) {
        StackTraceElement[] frames = e.getStackTrace();
        boolean parsingForm = frames.length > 0 && frames[0].getClassName().startsWith(FORM_PARSER);
        return parsingForm
                ? Problem.of(400, "malformed-body", "Malformed request body", "The multipart body cannot be read").toResponse()
                : unexpected(e);
    }

    /** A unique index refused a write (an insert's write error or a find-and-modify's command error). */
    @ServerExceptionMapper
    public Response duplicate(MongoServerException e) {
        if (MongoErrors.isDuplicateKey(e)) {
            return ProblemException.conflict("duplicate", "An object with the same unique key already exists")
                    .problem().toResponse();
        }
        return unexpected(e);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return Problem.of(401, "unauthorized", "Unauthorized", "A valid credential is required").toResponse();
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e) {
        return Problem.of(401, "unauthorized", "Unauthorized", "A valid credential is required").toResponse();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(403, "forbidden", "Forbidden", "This credential may not perform this operation").toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof ProblemException p) {
            // raised where only a WebApplicationException passes unwrapped: QueryParamConverters
            return p.problem().toResponse();
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        String title = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        return Problem.of(status, title.toLowerCase().replace(' ', '-'), title, null).toResponse();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure, error id %s", errorId);
        return Problem.of(500, "internal", "Internal error", "The failure was logged with error id " + errorId)
                .toResponse();
    }

    private static String fieldName(ConstraintViolation<?> v) {
        // Drop the method and parameter nodes of a resource method so the field reads as the JSON path.
        StringBuilder sb = new StringBuilder();
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER
                    || node.getKind() == ElementKind.CROSS_PARAMETER || node.getKind() == ElementKind.RETURN_VALUE) {
                continue;
            }
            // the validator puts a list index on the node *after* the list: contacts[0].email
            if (node.isInIterable() && !sb.isEmpty()) {
                sb.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            String name = node.getName();
            if (name == null || name.startsWith("<")) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(name);
        }
        if (sb.isEmpty()) {
            for (Path.Node node : v.getPropertyPath()) {
                if (node.getKind() == ElementKind.PARAMETER) {
                    return node.getName();
                }
            }
            return "body";
        }
        return sb.toString();
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
