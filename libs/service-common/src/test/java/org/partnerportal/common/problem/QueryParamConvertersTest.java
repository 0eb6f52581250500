package org.partnerportal.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;

/**
 * The converters on their own: each typed query parameter reads its valid values as the framework
 * would, and any other value is a {@code 400 validation} problem naming the parameter with what it
 * must be, carried in the one exception JAX-RS passes on unwrapped; what is not a query parameter,
 * or not a type it knows, is left to the framework.
 */
class QueryParamConvertersTest {

    enum Stage { LEAD, ACTIVE }

    @SuppressWarnings("unused")
    void resource(@QueryParam("size") int size, @QueryParam("archived") Boolean archived, @PathParam("id") int id,
            @QueryParam("q") String q) {
    }

    private final QueryParamConverters provider = new QueryParamConverters();

    private static Annotation[] annotationsOf(int parameter) {
        for (Method m : QueryParamConvertersTest.class.getDeclaredMethods()) {
            if (m.getName().equals("resource")) {
                return m.getParameterAnnotations()[parameter];
            }
        }
        throw new IllegalStateException();
    }

    private static Annotation[] query(String name) {
        return switch (name) {
            case "size" -> annotationsOf(0);
            case "archived" -> annotationsOf(1);
            default -> throw new IllegalArgumentException(name);
        };
    }

    private <T> ParamConverter<T> converter(Class<T> type, String name) {
        return provider.getConverter(type, type, query(name));
    }

    private static Problem refused(ParamConverter<?> converter, String value) {
        BadRequestException e = assertThrows(BadRequestException.class, () -> converter.fromString(value), value);
        return assertInstanceOf(ProblemException.class, e.getCause()).problem();
    }

    private static void assertNamesTheParameter(Problem p, String name, String message) {
        assertEquals(400, p.status());
        assertEquals("Invalid request", p.title());
        assertEquals(List.of(new Problem.FieldError(name, message)), p.errors());
    }

    @Test
    void integers() {
        ParamConverter<Integer> size = converter(int.class, "size");
        assertEquals(20, size.fromString("20"));
        assertEquals(-3, size.fromString("-3"));
        assertEquals(Integer.MAX_VALUE, size.fromString("2147483647"));
        for (String bad : new String[] { "abc", "1.5", "", " 1", "2147483648", "1e3", "0x10" }) {
            assertNamesTheParameter(refused(size, bad), "size", "must be an integer");
        }
        ParamConverter<Long> longs = converter(Long.class, "size");
        assertEquals(99_999_999_999L, longs.fromString("99999999999"));
        assertNamesTheParameter(refused(longs, "99999999999999999999"), "size", "must be an integer");
    }

    @Test
    void booleansAreStrict() {
        ParamConverter<Boolean> archived = converter(Boolean.class, "archived");
        assertEquals(true, archived.fromString("true"));
        assertEquals(false, archived.fromString("FALSE"));
        for (String bad : new String[] { "maybe", "1", "0", "yes", "", "true " }) {
            assertNamesTheParameter(refused(archived, bad), "archived", "must be true or false");
        }
        assertEquals(true, converter(boolean.class, "archived").fromString("True"));
    }

    @Test
    void numbersDatesAndEnums() {
        assertEquals(1.5, converter(double.class, "size").fromString("1.5"));
        assertNamesTheParameter(refused(converter(Double.class, "size"), "lots"), "size", "must be a number");
        assertEquals(LocalDate.of(2030, 1, 31), converter(LocalDate.class, "size").fromString("2030-01-31"));
        assertNamesTheParameter(refused(converter(LocalDate.class, "size"), "2030-02-30"), "size",
                "must be a date such as 2030-01-31");
        assertEquals(Instant.parse("2030-01-31T09:30:00Z"), converter(Instant.class, "size").fromString("2030-01-31T09:30:00Z"));
        assertNamesTheParameter(refused(converter(Instant.class, "size"), "2030-01-31"), "size",
                "must be a date-time such as 2030-01-31T09:30:00Z");
        assertEquals(OffsetDateTime.parse("2030-01-31T09:30:00+04:00"),
                converter(OffsetDateTime.class, "size").fromString("2030-01-31T09:30:00+04:00"));
        ParamConverter<Stage> stage = converter(Stage.class, "size");
        assertEquals(Stage.ACTIVE, stage.fromString("active"));
        assertEquals(Stage.LEAD, stage.fromString("LEAD"));
        assertNamesTheParameter(refused(stage, "won"), "size", "must be one of lead, active");
    }

    @Test
    void absentValuesStayAbsentAndValuesPrintBack() {
        ParamConverter<Integer> size = converter(Integer.class, "size");
        assertNull(size.fromString(null));
        assertEquals("7", size.toString(7));
        assertNull(size.toString(null));
    }

    @Test
    void leavesEverythingElseToTheFramework() {
        assertNull(provider.getConverter(int.class, int.class, annotationsOf(2)), "a path parameter");
        assertNull(provider.getConverter(String.class, String.class, annotationsOf(3)), "a string");
        assertNull(provider.getConverter(List.class, List.class, query("size")), "a type it does not know");
        assertNull(provider.getConverter(int.class, int.class, null), "no annotations");
    }

    @Test
    void theProblemIsAnsweredAsItsOwnStatus() {
        BadRequestException e = assertThrows(BadRequestException.class, () -> converter(int.class, "size").fromString("abc"));
        var response = new ProblemMappers().web(e);
        assertEquals(400, response.getStatus());
        Problem body = assertInstanceOf(Problem.class, response.getEntity());
        assertEquals(List.of(new Problem.FieldError("size", "must be an integer")), body.errors());
    }
}
