package nl.tijdig.api.web;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter.XFrameOptionsMode;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The headers every answer carries, public page or console: no referrer, no framing, no
 * script or style from anywhere else. One place, so the console cannot drift from the
 * public pages.
 */
public final class SecurityHeaders {

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self'; style-src 'self'; "
			+ "script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

	/**
	 * For a message the console shows in a sandboxed frame: the message's own inline
	 * styles and its images, no script, no form, no plug-in, framed by the console only.
	 */
	static final String FRAMED_MESSAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; "
			+ "frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

	private SecurityHeaders() {
	}

	/** For {@code http.headers(...)} of a security filter chain. */
	public static Customizer<HeadersConfigurer<HttpSecurity>> strict() {
		return (headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
			.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER));
	}

	/**
	 * Like {@link #strict()}, except for {@code framedMessages}: an email's HTML rendered
	 * for the console to show in a sandboxed frame of its own pages. Those get a policy
	 * of their own and may be framed by the same origin; everything else stays
	 * unframeable.
	 */
	public static Customizer<HeadersConfigurer<HttpSecurity>> strictExcept(RequestMatcher framedMessages) {
		XFrameOptionsHeaderWriter sameOrigin = new XFrameOptionsHeaderWriter(XFrameOptionsMode.SAMEORIGIN);
		XFrameOptionsHeaderWriter deny = new XFrameOptionsHeaderWriter(XFrameOptionsMode.DENY);
		return (headers) -> {
			strict().customize(headers);
			// Spring Security's writer would overwrite SAMEORIGIN with DENY, so the
			// framing header is written here for every answer. Added writers run after
			// the standard ones, so the message's policy replaces the strict one.
			headers.frameOptions((frameOptions) -> frameOptions.disable()).addHeaderWriter((request, response) -> {
				if (framedMessages.matches(request)) {
					response.setHeader("Content-Security-Policy", FRAMED_MESSAGE_POLICY);
					sameOrigin.writeHeaders(request, response);
				}
				else {
					deny.writeHeaders(request, response);
				}
			});
		};
	}

}
