package nl.tijdig.notifier.message;

import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.TemplateEngine;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/**
 * The email template engine: its own engine on its own folder, so that it never picks up
 * (or serves) a web application's {@code templates/}.
 */
@Configuration(proxyBeanMethods = false)
class MailTemplateConfiguration {

	static final String ENGINE = "mailTemplateEngine";

	@Bean(ENGINE)
	ITemplateEngine mailTemplateEngine(ResourceLoader resources, MessageProperties properties) {
		return engine(resources, properties);
	}

	static TemplateEngine engine(ResourceLoader resources, MessageProperties properties) {
		TemplateEngine engine = new TemplateEngine();
		engine.setTemplateResolver(new ResourceTemplateResolver(resources, properties));
		return engine;
	}

}
