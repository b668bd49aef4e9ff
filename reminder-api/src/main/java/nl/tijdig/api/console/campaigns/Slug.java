package nl.tijdig.api.console.campaigns;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.regex.Pattern;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A campaign's name in its address: lower-case letters, digits and hyphens, not starting
 * with a hyphen, at most 63. A missing one is {@link Text}'s to report.
 */
@Documented
@Constraint(validatedBy = Slug.Validator.class)
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@interface Slug {

	String message() default "{slug.invalid}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<Slug, String> {

		private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			String slug = CampaignForm.stripped(value);
			return slug.isEmpty() || SLUG.matcher(slug).matches();
		}

	}

}
