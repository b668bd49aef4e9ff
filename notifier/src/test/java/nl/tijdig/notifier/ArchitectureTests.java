package nl.tijdig.notifier;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import nl.tijdig.notifier.delivery.TestSends;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.MailPreparationException;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class ArchitectureTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("nl.tijdig.notifier");

	@Test
	void featuresDoNotDependOnEachOtherInCycles() {
		// Keeps each feature understandable (and movable) on its own: dependencies
		// run one way, delivery -> smtp, message -> campaign, recipient.
		slices().matching("nl.tijdig.notifier.(*)..").should().beFreeOfCycles().check(classes);
	}

	@Test
	void theProjectionsDependOnNoOtherFeature() {
		// The projections only mirror topics; if they started to reach into sending or
		// rendering, replaying a topic could have side effects.
		noClasses().that()
			.resideInAnyPackage("nl.tijdig.notifier.recipient..", "nl.tijdig.notifier.campaign..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("nl.tijdig.notifier.delivery..", "nl.tijdig.notifier.message..")
			.check(classes);
	}

	@Test
	void theNotifierKnowsNoOtherServiceButThroughTheContract() {
		// The services talk only over Kafka: a compile-time dependency on another
		// service's code would couple their releases and their data.
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("nl.tijdig.api..", "nl.tijdig.scheduler..")
			.check(classes);
	}

	@Test
	void onlySmtpSpeaksSmtp() {
		// One package knows how to talk to the relay; the others see a connection that
		// answers what became of a message, so no SMTP detail leaks into sending.
		noClasses().that()
			.resideOutsideOfPackage("nl.tijdig.notifier.smtp..")
			.should()
			.dependOnClassesThat(JavaClass.Predicates.resideInAPackage("org.springframework.mail..")
				.and(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(MailPreparationException.class))))
			.orShould()
			.dependOnClassesThat()
			.resideInAnyPackage("org.eclipse.angus.mail.smtp..")
			.orShould()
			.dependOnClassesThat()
			.areAssignableTo(jakarta.mail.Transport.class)
			.check(classes);
	}

	@Test
	void onlyDeliveryHandsMailToTheRelay() {
		// One place hands mail to SMTP, so suppression, the delivery log and the outcome
		// event can never be bypassed but where delivery itself says so (TestSends).
		noClasses().that()
			.resideOutsideOfPackages("nl.tijdig.notifier.delivery..", "nl.tijdig.notifier.smtp..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("nl.tijdig.notifier.smtp..")
			.check(classes);
	}

	@Test
	void onlySendingAndTheBounceMailboxTouchMail() {
		// Besides sending, the one other use of mail is reading the reports relays mail
		// back (IMAP); it records them through delivery's Bounces.
		noClasses().that()
			.resideOutsideOfPackages("nl.tijdig.notifier.delivery..", "nl.tijdig.notifier.smtp..",
					"nl.tijdig.notifier.bounce..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("jakarta.mail..", "org.eclipse.angus.mail..")
			.check(classes);
	}

	@Test
	void previewsReachDeliveryOnlyForTestSends() {
		// A preview may send one test email, never a subscriber's message: it must not
		// claim, record or count anything in delivery's log.
		noClasses().that()
			.resideInAPackage("nl.tijdig.notifier.preview..")
			.should()
			.dependOnClassesThat(JavaClass.Predicates.resideInAPackage("nl.tijdig.notifier.delivery..")
				.and(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(TestSends.class))))
			.check(classes);
	}

	@Test
	void noFieldInjection() {
		// Constructor injection keeps dependencies visible and classes testable
		// without Spring.
		fields().should().notBeAnnotatedWith(Autowired.class).check(classes);
	}

}
