package nl.tijdig.api.web;

import java.util.Map;

import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /actuator/health} on the public port while Actuator itself listens on the
 * management port: a load balancer or a compose health check asks here. It answers the
 * status alone (200 UP, 503 otherwise), never the components' details, which name
 * partitions, relays and errors.
 */
@RestController
@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
class PublicHealth {

	private final HealthEndpoint health;

	PublicHealth(HealthEndpoint health) {
		this.health = health;
	}

	@GetMapping("/actuator/health")
	ResponseEntity<Map<String, String>> status() {
		Status status = this.health.health().getStatus();
		return ResponseEntity.status(Status.UP.equals(status) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
			.body(Map.of("status", status.getCode()));
	}

}
