package dev.anneal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

    @Test
    void shouldKeepModuleBoundaries() {
        ApplicationModules.of(AnnealApplication.class).verify();
    }

    @Test
    void shouldKeepTheScheduleModulePureJava() {
        var schedule = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.anneal.schedule");

        classes()
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("dev.anneal.schedule..", "java.lang..", "java.util..")
                .because("the schedule is pure Java: no Spring, no DJL, no I/O (DESIGN.md §2)")
                .check(schedule);
    }
}
