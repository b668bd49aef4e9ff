package nl.tijdig.api.console.campaigns;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.util.HtmlUtils;

/**
 * What a browser would post from a console form as the page filled it in: each input's
 * value, each textarea's text and each select's chosen option.
 */
final class FilledForm {

	private static final Pattern INPUT = Pattern.compile("<input\\b[^>]*?\\bname=\"([^\"]+)\"[^>]*?>");

	private static final Pattern VALUE = Pattern.compile("\\bvalue=\"([^\"]*)\"");

	private static final Pattern TEXTAREA = Pattern
		.compile("<textarea\\b[^>]*?\\bname=\"([^\"]+)\"[^>]*>(.*?)</textarea>", Pattern.DOTALL);

	private static final Pattern SELECT = Pattern.compile("<select\\b[^>]*?\\bname=\"([^\"]+)\"[^>]*>(.*?)</select>",
			Pattern.DOTALL);

	private static final Pattern SELECTED = Pattern.compile("<option\\b[^>]*?value=\"([^\"]*)\"[^>]*?selected");

	private FilledForm() {
	}

	static Map<String, String> read(String page) {
		Map<String, String> fields = new LinkedHashMap<>();
		Matcher input = INPUT.matcher(page);
		while (input.find()) {
			Matcher value = VALUE.matcher(input.group());
			fields.put(input.group(1), value.find() ? HtmlUtils.htmlUnescape(value.group(1)) : "");
		}
		Matcher textarea = TEXTAREA.matcher(page);
		while (textarea.find()) {
			fields.put(textarea.group(1), HtmlUtils.htmlUnescape(textarea.group(2)));
		}
		Matcher select = SELECT.matcher(page);
		while (select.find()) {
			Matcher selected = SELECTED.matcher(select.group(2));
			fields.put(select.group(1), selected.find() ? HtmlUtils.htmlUnescape(selected.group(1)) : "");
		}
		return fields;
	}

}
