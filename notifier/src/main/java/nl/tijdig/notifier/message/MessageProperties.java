package nl.tijdig.notifier.message;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the email templates come from.
 *
 * @param templates the folder with one sub-folder per language; a {@code file:} location
 * lets an operator correct a text without a release
 * @param cacheTemplates whether a template is parsed once; switch off while editing them
 */
@Validated
@ConfigurationProperties("tijdig.notifier.message")
record MessageProperties(@DefaultValue("classpath:/mail/") @NotBlank String templates,
		@DefaultValue("true") boolean cacheTemplates) {

}
