package nl.tijdig.api.console.campaigns;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.net.URISyntaxException;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * An {@code https://} address of a host, with no user in it: a link in an email must not
 * lead anywhere else. A missing one is {@link Text}'s to report.
 */
@Documented
@Constraint(validatedBy = HttpsUrl.Validator.class)
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@interface HttpsUrl {

	String message() default "{url.https}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<HttpsUrl, String> {

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			String url = CampaignForm.stripped(value);
			if (url.isEmpty()) {
				return true;
			}
			try {
				URI uri = new URI(url);
				return "https".equals(uri.getScheme()) && uri.getHost() != null && uri.getRawUserInfo() == null;
			}
			catch (URISyntaxException ex) {
				return false;
			}
		}

	}

}
