package nl.tijdig.scheduler;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SchedulerMetaData;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SchedulerIntegrationTest
class SchedulerApplicationIntegrationTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@Autowired
	private Scheduler scheduler;

	@LocalServerPort
	private int port;

	@Test
	void quartzRunsClusteredOnPostgres() throws SchedulerException {
		SchedulerMetaData metaData = this.scheduler.getMetaData();
		assertThat(metaData.isStarted()).isTrue();
		assertThat(metaData.getSchedulerName()).isEqualTo("tijdig-scheduler");
		assertThat(metaData.isJobStoreClustered()).isTrue();
		assertThat(metaData.isJobStoreSupportsPersistence()).isTrue();
	}

	@Test
	void exposesHealthAndPrometheusMetrics() throws Exception {
		HttpResponse<String> health = get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");

		HttpResponse<String> prometheus = get("/actuator/prometheus");
		assertThat(prometheus.statusCode()).isEqualTo(200);
		assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				BodyHandlers.ofString());
	}

}
