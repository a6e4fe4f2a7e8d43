package io.imagelake.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The rules every module's architecture test verifies over its main classes: feature packages
 * form no cycle, a service never reaches into another service's packages, and the shared
 * contracts stay free of Spring so any client (a partner, a trainer) can use them.
 */
public final class ArchitectureRules {

    /** The root package of each deployable service. */
    public static final List<String> SERVICES = List.of(
            "io.imagelake.ingest",
            "io.imagelake.normalizer",
            "io.imagelake.catalog",
            "io.imagelake.query",
            "io.imagelake.gateway");

    private ArchitectureRules() {}

    /** The main (non-test) classes under {@code rootPackage}. */
    public static JavaClasses mainClassesOf(String rootPackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
    }

    /** The packages right under {@code rootPackage} (its features) depend on each other without a cycle. */
    public static ArchRule featurePackagesAreFreeOfCycles(String rootPackage) {
        return slices().matching(rootPackage + ".(*)..")
                .namingSlices("$1")
                .should()
                .beFreeOfCycles()
                .allowEmptyShould(true); // a flat module (contracts) has no feature packages, so no cycle
    }

    /** Nothing under {@code rootPackage} uses another service's classes: services meet only in contracts. */
    public static ArchRule noOtherServiceIsUsedBy(String rootPackage) {
        String[] others = SERVICES.stream()
                .filter(service -> !service.equals(rootPackage))
                .map(service -> service + "..")
                .toArray(String[]::new);
        return noClasses()
                .that()
                .resideInAPackage(rootPackage + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(others)
                .because("services meet only through contracts, HTTP and Kafka");
    }

    /** The contracts use no Spring: partners and trainers take them without a framework. */
    public static ArchRule contractsAreFreeOfSpring() {
        return noClasses()
                .that()
                .resideInAPackage("io.imagelake.contracts..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework..");
    }

    /** Verifies a service's (or a shared library's) rules over its main classes. */
    public static void verifyModule(String rootPackage) {
        JavaClasses classes = mainClassesOf(rootPackage);
        if (classes.isEmpty()) {
            throw new AssertionError("no classes under " + rootPackage + ": the rules would pass on nothing");
        }
        featurePackagesAreFreeOfCycles(rootPackage).check(classes);
        noOtherServiceIsUsedBy(rootPackage).check(classes);
    }
}
