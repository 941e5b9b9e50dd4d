package com.crmtelephony.pbx;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/**
 * Each feature package is a module: the others use only its top-level public types, and no two
 * modules depend on each other in a cycle. Read from the compiled classes; nothing boots.
 */
class ModuleBoundaryTests {

    @Test
    void featuresUseEachOthersPublicApiOnlyAndDependWithoutCycles() {
        ApplicationModules.of(PbxIntegrationApplication.class).verify();
    }

    /** Issue 38: each table's SQL is in a repository of the module that owns it. */
    @Test
    void onlyRepositoriesTalkToTheDatabase() {
        org.assertj.core.api.Assertions.assertThat(com.crmtelephony.testsupport.DatabaseAccess.outsideRepositories(
                java.nio.file.Path.of("src/main/java"))).isEmpty();
    }
}
