package com.crmtelephony.configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The git profile serves any repository named by CONFIG_GIT_URI; here one the test creates and
 * then changes, to show that a pushed commit is what clients get next.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.profiles.active=git",
        "spring.cloud.config.server.git.refresh-rate=0",
        "eureka.client.enabled=false"})
class GitConfigRepositoryTests {

    static final String PASSWORD = "test-only-config-password";

    /** A config client: it sends the config server's credentials. */
    RestClient client() {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeaders(h -> h.setBasicAuth("config", PASSWORD)).build();
    }

    static Path repo;

    static {
        try {
            repo = Files.createTempDirectory("config-git-");
            try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
                commit(git, "cdr-service.yml", "crm:\n  greeting: first\n");
            }
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void gitUri(DynamicPropertyRegistry registry) {
        // A plain path: the form DESIGN.md documents (file:// to a bare repo is unsupported).
        registry.add("CONFIG_GIT_URI", () -> repo.toString());
    }

    @AfterAll
    static void cleanUp() {
        FileSystemUtils.deleteRecursively(repo.toFile());
    }

    @LocalServerPort
    int port;

    @Test
    void servesTheRepositoryAndPicksUpANewCommit() throws Exception {
        RestClient client = client();
        assertThat(client.get().uri("/cdr-service/default").retrieve().body(String.class))
                .contains("\"crm.greeting\":\"first\"");

        try (Git git = Git.open(repo.toFile())) {
            commit(git, "cdr-service.yml", "crm:\n  greeting: second\n");
        }

        assertThat(client.get().uri("/cdr-service/default").retrieve().body(String.class))
                .contains("\"crm.greeting\":\"second\"")
                .doesNotContain("\"first\"");
    }

    @Test
    void unknownLabelIsA404() {
        var status = client().get().uri("/cdr-service/default/no-such-branch")
                .exchange((req, res) -> res.getStatusCode().value());
        assertThat(status).isEqualTo(404);
    }

    private static void commit(Git git, String file, String content) throws IOException, GitAPIException {
        Files.writeString(repo.resolve(file), content);
        git.add().addFilepattern(file).call();
        git.commit().setMessage("update " + file).setAuthor("test", "test@example.com")
                .setCommitter("test", "test@example.com").setSign(false).call();
    }
}
