package dev.anneal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.anneal.run.Run;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

    @Test
    void shouldKeepModuleBoundaries() {
        ApplicationModules.of(AnnealApplication.class).verify();
    }

    @Test
    void shouldHaveEveryModuleDeclareWhatItMayUse() throws ClassNotFoundException {
        for (var module : ApplicationModules.of(AnnealApplication.class)) {
            var info = Class.forName(module.getBasePackage().getName() + ".package-info");
            assertThat(info.getAnnotation(ApplicationModule.class))
                    .as("%s's package-info declares its allowedDependencies", module.getName())
                    .isNotNull();
        }
    }

    @Test
    void shouldKeepTheScheduleModulePureJava() {
        var schedule = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.anneal.schedule");

        // the package-info's @ApplicationModule is metadata for the module check, not code the schedule runs
        classes()
                .that()
                .doNotHaveSimpleName("package-info")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("dev.anneal.schedule..", "java.lang..", "java.util..")
                .because("the schedule is pure Java: no Spring, no DJL, no I/O (DESIGN.md §2)")
                .check(schedule);
    }

    @Test
    void shouldLetMetricsReadRunsOnlyThroughTheirNarrowQueries() {
        var metrics = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.anneal.metrics");

        noClasses()
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(Run.class)
                .because("metrics asks run whether a run exists and how far it got (Runs.requireExists,"
                        + " Runs.stateOf), not for the aggregate")
                .check(metrics);
    }
}
