package nl.tijdig.api;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.ProducerFactory;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class ArchitectureTests {

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("nl.tijdig.api");

	@Test
	void featuresDoNotDependOnEachOtherInCircles() {
		// Keeps each feature removable and readable on its own.
		slices().matching("nl.tijdig.api.(*)..").should().beFreeOfCycles().check(this.classes);
	}

	@Test
	void consolePartsDoNotDependOnEachOtherInCircles() {
		// Each part of the console is what operators do in one place; one depends only on
		// the public face of another (the dashboard's view, the notifier's pauses).
		slices().matching("nl.tijdig.api.console.(*)..").should().beFreeOfCycles().check(this.classes);
	}

	@Test
	void talksToOtherServicesOnlyThroughEvents() {
		// The services share Kafka topics, never code or tables.
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("nl.tijdig.scheduler..", "nl.tijdig.notifier..")
			.check(this.classes);
	}

	@Test
	void sendsToKafkaOnlyThroughTheOutbox() {
		// Writing the database and then sending as two steps loses or invents events. A
		// preview request changes nothing in the database and is waited for, so it goes
		// to Kafka directly. A replayed dead letter is a record Kafka had already, sent
		// on
		// as it is; the database only keeps it from being sent twice. Consuming
		// (ConsumerFactory) and reading consumer lag (KafkaAdmin) is no sending.
		noClasses().that()
			.doNotHaveFullyQualifiedName("nl.tijdig.api.console.previews.NotifierPreviews")
			.and()
			.doNotHaveFullyQualifiedName("nl.tijdig.api.console.previews.NotifierPreviews$Request")
			.and()
			.doNotHaveFullyQualifiedName("nl.tijdig.api.console.dashboard.DeadLetterReplays")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.apache.kafka.clients.producer..")
			.orShould()
			.dependOnClassesThat()
			.areAssignableTo(KafkaOperations.class)
			.orShould()
			.dependOnClassesThat()
			.areAssignableTo(ProducerFactory.class)
			.check(this.classes);
	}

}
