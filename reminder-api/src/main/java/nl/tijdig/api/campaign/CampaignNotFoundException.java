package nl.tijdig.api.campaign;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** No campaign has this id. */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class CampaignNotFoundException extends RuntimeException {

	public CampaignNotFoundException(UUID id) {
		super("No campaign " + id);
	}

}
