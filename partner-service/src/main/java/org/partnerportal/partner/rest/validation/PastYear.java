package org.partnerportal.partner.rest.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.Year;
import java.time.ZoneOffset;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** A year from {@code min} up to the current year (UTC), as seed 000's {@code foundedYear}. */
@Target({ FIELD, PARAMETER, RECORD_COMPONENT })
@Retention(RUNTIME)
@Constraint(validatedBy = PastYear.Validator.class)
public @interface PastYear {

    String message() default "must be between {min} and the current year";

    int min() default 1800;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<PastYear, Integer> {
        private int min;

        @Override
        public void initialize(PastYear annotation) {
            min = annotation.min();
        }

        @Override
        public boolean isValid(Integer value, ConstraintValidatorContext context) {
            return value == null || value >= min && value <= Year.now(ZoneOffset.UTC).getValue();
        }
    }
}
