package nl.tijdig.api.web;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The headers every answer carries, public page or console: no referrer, no framing, no
 * script or style from anywhere else. One place, so the console cannot drift from the
 * public pages.
 */
public final class SecurityHeaders {

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self'; style-src 'self'; "
			+ "script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

	private SecurityHeaders() {
	}

	/** For {@code http.headers(...)} of a security filter chain. */
	public static Customizer<HeadersConfigurer<HttpSecurity>> strict() {
		return (headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
			.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER));
	}

}
