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
 * A time zone of the IANA database as Java knows it, e.g. {@code Europe/Amsterdam}. A
 * missing one is {@link Text}'s to report.
 */
@Documented
@Constraint(validatedBy = KnownZone.Validator.class)
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@interface KnownZone {

	String message() default "{timeZone.unknown}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<KnownZone, String> {

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			String zone = CampaignForm.stripped(value);
			return zone.isEmpty() || CampaignForm.zone(zone) != null;
		}

	}

}
