package nl.tijdig.api.console.campaigns;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * How many days personal data is kept after the deadline: a whole number from 1 to 365. A
 * missing one is {@link Text}'s to report.
 */
@Documented
@Constraint(validatedBy = DaysToKeep.Validator.class)
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@interface DaysToKeep {

	String message() default "{keepDataDays.invalid}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<DaysToKeep, String> {

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			String days = CampaignForm.stripped(value);
			return days.isEmpty() || CampaignForm.daysToKeep(days) != null;
		}

	}

}
