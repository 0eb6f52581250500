package org.partnerportal.common.problem;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

/**
 * Converts typed query parameters so that a value of the wrong type is a {@code 400} naming the
 * parameter ({@code ?size=abc}). Left to the framework, a query parameter that cannot be converted
 * is a {@code 404} (the JAX-RS rule), which tells the caller the resource is missing when the
 * request is what is wrong. A registered provider is consulted before the framework's own
 * converters; the failure is a {@link BadRequestException} (which JAX-RS passes on unwrapped)
 * carrying the problem that {@link ProblemMappers} answers. Booleans are strict too: the
 * framework reads anything but {@code true} as {@code false}. Only {@code @QueryParam} is handled
 * (it carries the name); path segments are strings throughout the project.
 */
@Provider
public class QueryParamConverters implements ParamConverterProvider {

    private record Kind(String expected, Function<String, Object> parse) {
    }

    private static final Kind INTEGER = new Kind("must be an integer", Integer::valueOf);
    private static final Kind LONG = new Kind("must be an integer", Long::valueOf);
    private static final Kind BOOLEAN = new Kind("must be true or false", QueryParamConverters::strictBoolean);
    private static final Map<Class<?>, Kind> KINDS = Map.ofEntries(
            Map.entry(int.class, INTEGER), Map.entry(Integer.class, INTEGER),
            Map.entry(long.class, LONG), Map.entry(Long.class, LONG),
            Map.entry(boolean.class, BOOLEAN), Map.entry(Boolean.class, BOOLEAN),
            Map.entry(double.class, new Kind("must be a number", Double::valueOf)),
            Map.entry(Double.class, new Kind("must be a number", Double::valueOf)),
            Map.entry(LocalDate.class, new Kind("must be a date such as 2030-01-31", LocalDate::parse)),
            Map.entry(Instant.class, new Kind("must be a date-time such as 2030-01-31T09:30:00Z", Instant::parse)),
            Map.entry(OffsetDateTime.class, new Kind("must be a date-time such as 2030-01-31T09:30:00Z", OffsetDateTime::parse)));

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = queryName(annotations);
        if (name == null) {
            return null;
        }
        Kind kind = rawType.isEnum() ? enumKind((Class<? extends Enum<?>>) rawType) : KINDS.get(rawType);
        return kind == null ? null : (ParamConverter<T>) new Strict<>(name, kind);
    }

    private static String queryName(Annotation[] annotations) {
        for (Annotation a : annotations == null ? new Annotation[0] : annotations) {
            if (a instanceof QueryParam q) {
                return q.value();
            }
        }
        return null;
    }

    @SuppressWarnings({ "rawtypes", "unchecked" })
    private static Kind enumKind(Class<? extends Enum<?>> type) {
        String names = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        return new Kind("must be one of " + names,
                value -> Enum.valueOf((Class) type, value.toUpperCase(Locale.ROOT)));
    }

    private static Boolean strictBoolean(String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.valueOf(value);
        }
        throw new IllegalArgumentException(value);
    }

    private record Strict<T>(String name, Kind kind) implements ParamConverter<T> {

        @Override
        @SuppressWarnings("unchecked")
        public T fromString(String value) {
            if (value == null) {
                return null;
            }
            try {
                return (T) kind.parse().apply(value);
            } catch (RuntimeException e) {
                throw new BadRequestException(ProblemException.badRequest(name, kind.expected()));
            }
        }

        @Override
        public String toString(T value) {
            return value == null ? null : value.toString();
        }
    }
}
