package nl.tijdig.api.console.campaigns;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.WaveTimes;

/**
 * The campaign's time line, which takes several fields: a deadline that reads in its zone
 * and lies ahead of the validator's clock ({@code deadline.invalid},
 * {@code deadline.past}), and waves that the scheduler can run as shown: each before the
 * deadline and at a moment of its own ({@code waves.after-deadline},
 * {@code waves.duplicate}; the contract's {@link WaveTimes}). A field that is wrong in
 * itself is left to its own constraint.
 */
@Documented
@Constraint(validatedBy = FitsDeadline.Validator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@interface FitsDeadline {

	String message() default "{deadline.invalid}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<FitsDeadline, CampaignForm> {

		@Override
		public boolean isValid(CampaignForm form, ConstraintValidatorContext context) {
			ZoneId zone = CampaignForm.zone(CampaignForm.stripped(form.timeZone()));
			if (zone == null) {
				return true;
			}
			Instant deadline = CampaignForm.deadline(form.deadline(), zone);
			if (deadline == null) {
				return refuse(context, "deadline", "deadline.invalid");
			}
			if (!deadline.isAfter(context.getClockProvider().getClock().instant())) {
				return refuse(context, "deadline", "deadline.past");
			}
			List<Wave> waves = CampaignForm.waves(form.waves());
			if (waves == null) {
				return true;
			}
			try {
				WaveTimes.of(deadline, zone, waves);
				return true;
			}
			catch (WaveTimes.Conflict ex) {
				return refuse(context, "waves", (ex.reason() == WaveTimes.Conflict.Reason.NOT_BEFORE_DEADLINE)
						? "waves.after-deadline" : "waves.duplicate");
			}
		}

		private static boolean refuse(ConstraintValidatorContext context, String field, String code) {
			context.disableDefaultConstraintViolation();
			context.buildConstraintViolationWithTemplate("{" + code + "}")
				.addPropertyNode(field)
				.addConstraintViolation();
			return false;
		}

	}

}
