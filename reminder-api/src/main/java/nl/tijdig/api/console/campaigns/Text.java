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

/**
 * A required text of a campaign: present, within {@link #max} characters (each line, for
 * {@link Shape#LINES}), and free of what breaks a mail header or a log line. Its message
 * names the first of these that fails: {@code field.required}, {@code field.too-long} or
 * {@code field.unsafe-characters}.
 */
@Documented
@Constraint(validatedBy = Text.Validator.class)
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@interface Text {

	Shape shape() default Shape.ONE_LINE;

	int max();

	String message() default "{field.required}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** How a text may run over lines. */
	enum Shape {

		/** One line: no line break or other control character. */
		ONE_LINE,

		/** Line breaks allowed (LF; CR LF from a browser counts as LF). */
		PARAGRAPH,

		/**
		 * One item per non-empty line, at most {@link CampaignForm#MAX_LINES} of them.
		 */
		LINES

	}

	class Validator implements ConstraintValidator<Text, String> {

		private Shape shape;

		private int max;

		@Override
		public void initialize(Text text) {
			this.shape = text.shape();
			this.max = text.max();
		}

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			String problem = problem(value);
			if (problem == null) {
				return true;
			}
			context.disableDefaultConstraintViolation();
			context.buildConstraintViolationWithTemplate("{" + problem + "}").addConstraintViolation();
			return false;
		}

		private String problem(String value) {
			if (this.shape == Shape.LINES) {
				if (!CampaignForm.safe(CampaignForm.unixLines(value), true)) {
					return "field.unsafe-characters";
				}
				List<String> lines = CampaignForm.items(value);
				if (lines.isEmpty()) {
					return "field.required";
				}
				boolean tooLong = lines.size() > CampaignForm.MAX_LINES
						|| lines.stream().anyMatch((line) -> line.length() > this.max);
				return tooLong ? "field.too-long" : null;
			}
			String text = (this.shape == Shape.PARAGRAPH) ? CampaignForm.unixLines(value).strip()
					: CampaignForm.stripped(value);
			if (text.isEmpty()) {
				return "field.required";
			}
			if (text.length() > this.max) {
				return "field.too-long";
			}
			return CampaignForm.safe(text, this.shape == Shape.PARAGRAPH) ? null : "field.unsafe-characters";
		}

	}

}
