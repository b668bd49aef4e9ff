package nl.tijdig.notifier.message;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import org.thymeleaf.IEngineConfiguration;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.AbstractConfigurableTemplateResolver;
import org.thymeleaf.templateresource.ITemplateResource;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Resolves email templates through Spring's resource loading, so that their folder can be
 * on the classpath or on disk. Plain Thymeleaf (not its Spring integration) keeps the
 * email engine apart from any web templates in the same JVM.
 */
class ResourceTemplateResolver extends AbstractConfigurableTemplateResolver {

	private final ResourceLoader resources;

	ResourceTemplateResolver(ResourceLoader resources, MessageProperties properties) {
		this.resources = resources;
		String prefix = properties.templates();
		setPrefix(prefix.endsWith("/") ? prefix : prefix + "/");
		setCharacterEncoding(StandardCharsets.UTF_8.name());
		setTemplateMode(TemplateMode.HTML);
		setTextTemplateModePatterns(Set.of("*.txt"));
		setCacheable(properties.cacheTemplates());
		setCheckExistence(true);
	}

	@Override
	protected ITemplateResource computeTemplateResource(IEngineConfiguration configuration, String ownerTemplate,
			String template, String resourceName, String characterEncoding,
			Map<String, Object> templateResolutionAttributes) {
		return new SpringTemplateResource(this.resources.getResource(resourceName), resourceName,
				Charset.forName(characterEncoding));
	}

	private record SpringTemplateResource(Resource resource, String name,
			Charset charset) implements ITemplateResource {

		@Override
		public String getDescription() {
			return this.resource.getDescription();
		}

		@Override
		public String getBaseName() {
			String file = this.resource.getFilename();
			if (file == null) {
				return null;
			}
			int dot = file.indexOf('.');
			return (dot > 0) ? file.substring(0, dot) : file;
		}

		@Override
		public boolean exists() {
			return this.resource.exists();
		}

		@Override
		public Reader reader() throws IOException {
			return new InputStreamReader(this.resource.getInputStream(), this.charset);
		}

		@Override
		public ITemplateResource relative(String relativeLocation) {
			try {
				return new SpringTemplateResource(this.resource.createRelative(relativeLocation), relativeLocation,
						this.charset);
			}
			catch (IOException ex) {
				throw new IllegalStateException("No template at " + relativeLocation + " beside " + this.name, ex);
			}
		}

	}

}
