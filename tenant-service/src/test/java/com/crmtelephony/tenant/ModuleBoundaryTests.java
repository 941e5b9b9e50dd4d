package com.crmtelephony.tenant;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

import com.crmtelephony.testsupport.DatabaseAccess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each feature package is a module: the others use only its top-level public types, and no two
 * modules depend on each other in a cycle; each table's SQL is in its owner's repository. Read
 * from the classes and sources; nothing boots.
 */
class ModuleBoundaryTests {

    @Test
    void featuresUseEachOthersPublicApiOnlyAndDependWithoutCycles() {
        ApplicationModules.of(TenantApplication.class).verify();
    }

    @Test
    void onlyRepositoriesTalkToTheDatabase() {
        assertThat(DatabaseAccess.outsideRepositories(java.nio.file.Path.of("src/main/java"))).isEmpty();
    }
}
