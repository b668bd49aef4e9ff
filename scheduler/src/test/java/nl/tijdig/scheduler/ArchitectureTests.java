package nl.tijdig.scheduler;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.scheduler.reminder.Reminders;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.ProducerFactory;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class ArchitectureTests {

	private static final String ROOT = "nl.tijdig.scheduler";

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(ROOT);

	@Test
	void featuresDoNotDependOnEachOtherInACycle() {
		// Keeps each feature understandable, testable and removable on its own.
		slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void featuresMeetOnlyAtEachOthersPublicFace() {
		// A feature's root package is its API; everything else in it may change freely.
		classes().that()
			.resideInAPackage(ROOT + ".*..")
			.should(onlyReachOtherFeaturesThroughTheirPublicFace())
			.check(CLASSES);
	}

	@Test
	void otherServicesAreReachedOnlyThroughKafka() {
		// The services share events, never code: no compile-time coupling to their
		// internals.
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("nl.tijdig.api..", "nl.tijdig.notifier..")
			.check(CLASSES);
	}

	@Test
	void featuresSendEventsOnlyThroughTheOutbox() {
		// Never write the database and then send to Kafka as two steps. The one
		// exception is Reminders, whose wave pages carry ids that follow from what they
		// request and go out before the checkpoint that records them moves.
		noClasses().that()
			.resideInAPackage(ROOT + ".*..")
			.and()
			.doNotBelongToAnyOf(Reminders.class)
			.should()
			.dependOnClassesThat(assignableTo(KafkaOperations.class).or(assignableTo(ProducerFactory.class))
				.or(assignableTo(Producer.class)))
			.check(CLASSES);
	}

	@Test
	void emailAddressesAreNeverRead() {
		// The scheduler works on subscriber ids: personal data stays with the API and
		// the notifier.
		noClasses().should().callMethod(SubscriptionChanged.class, "email").check(CLASSES);
	}

	@Test
	void dependenciesAreInjectedThroughConstructors() {
		// Makes every dependency visible and every class constructible in a unit test.
		NO_CLASSES_SHOULD_USE_FIELD_INJECTION.check(CLASSES);
	}

	private static ArchCondition<JavaClass> onlyReachOtherFeaturesThroughTheirPublicFace() {
		return new ArchCondition<>("only reach other features through the public classes of their root package") {

			@Override
			public void check(JavaClass origin, ConditionEvents events) {
				String originFeature = featureOf(origin);
				for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
					JavaClass target = dependency.getTargetClass().getBaseComponentType();
					String targetFeature = featureOf(target);
					if (targetFeature == null || targetFeature.equals(originFeature)) {
						continue;
					}
					boolean publicFace = target.getPackageName().equals(ROOT + "." + targetFeature)
							&& target.getModifiers().contains(JavaModifier.PUBLIC);
					if (!publicFace) {
						events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
					}
				}
			}

		};
	}

	private static String featureOf(JavaClass type) {
		String packageName = type.getPackageName();
		if (!packageName.startsWith(ROOT + ".")) {
			return null;
		}
		String rest = packageName.substring(ROOT.length() + 1);
		int dot = rest.indexOf('.');
		return (dot < 0) ? rest : rest.substring(0, dot);
	}

}
