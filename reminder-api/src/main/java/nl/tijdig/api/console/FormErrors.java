package nl.tijdig.api.console;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every field of a console form that is wrong, by name, with its message code, so the
 * page shows each error next to its field without echoing the input.
 */
public class FormErrors extends RuntimeException {

	private final Map<String, String> byField;

	public FormErrors(Map<String, String> byField) {
		super("Invalid fields: " + byField.keySet());
		this.byField = Collections.unmodifiableMap(new LinkedHashMap<>(byField));
	}

	public Map<String, String> byField() {
		return this.byField;
	}

}
