package org.partnerportal.common.problem;

import java.util.List;
import java.util.Map;

/**
 * A failure the caller can act on. Domain code throws the factory methods below; one mapper turns
 * each into its problem+json answer, so no resource builds error responses by hand.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.title() + (problem.detail() == null ? "" : ": " + problem.detail()), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException notFound(String what, String id) {
        return new ProblemException(Problem.of(404, "not-found", what + " not found", what + " " + id + " does not exist"));
    }

    public static ProblemException conflict(String typeSlug, String detail) {
        return new ProblemException(Problem.of(409, typeSlug, "Conflict", detail));
    }

    public static ProblemException conflict(String typeSlug, String detail, Map<String, Object> extensions) {
        return new ProblemException(Problem.of(409, typeSlug, "Conflict", detail).withExtensions(extensions));
    }

    public static ProblemException badRequest(String field, String message) {
        return new ProblemException(Problem.of(400, "validation", "Invalid request", field + ": " + message)
                .withErrors(List.of(new Problem.FieldError(field, message))));
    }

    public static ProblemException invalid(List<Problem.FieldError> errors) {
        return new ProblemException(Problem.of(400, "validation", "Invalid request",
                errors.size() + " field(s) are invalid").withErrors(errors));
    }

    public static ProblemException unprocessable(String typeSlug, String detail) {
        return new ProblemException(Problem.of(422, typeSlug, "Rule violation", detail));
    }

    public static ProblemException preconditionFailed(String detail) {
        return new ProblemException(Problem.of(412, "stale-version", "Precondition failed", detail));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of(403, "forbidden", "Forbidden", detail));
    }
}
