package nl.tijdig.api.console.campaigns;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.WaveTimes;

/**
 * The waves, one per line: {@code 14d 09:00} (14 days before the deadline at 09:00 local
 * time), {@code 3h} or {@code 30m}, a time of day only after a number of days
 * ({@code waves.invalid}), and no offset twice ({@code waves.duplicate}, the contract's
 * {@link nl.tijdig.events.WaveTimes#requireDistinctKeys}). Missing or too many lines are
 * {@link Text}'s to report.
 */
@Documented
@Constraint(validatedBy = WaveLines.Validator.class)
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@interface WaveLines {

	String message() default "{waves.invalid}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<WaveLines, String> {

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			if (CampaignForm.items(value).isEmpty()) {
				return true;
			}
			List<Wave> waves = CampaignForm.waves(value);
			if (waves == null) {
				return false;
			}
			try {
				WaveTimes.requireDistinctKeys(waves);
				return true;
			}
			catch (WaveTimes.Conflict ex) {
				context.disableDefaultConstraintViolation();
				context.buildConstraintViolationWithTemplate("{waves.duplicate}").addConstraintViolation();
				return false;
			}
		}

	}

}
