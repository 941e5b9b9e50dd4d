package com.crmtelephony.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static com.crmtelephony.e2e.Suite.ADMIN_KEY;
import static com.crmtelephony.e2e.Suite.GATEWAY;
import static com.crmtelephony.e2e.Suite.admin;
import static com.crmtelephony.e2e.Suite.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in headless Chromium (Debian's chromium and chromium-driver), through the gateway
 * as a person would use it: a wrong key is refused with 401; an admin signs in, opens a tenant
 * with a known set of calls and sees its charts drawn from them; imports a CSV and watches the
 * job's progress to the end. Screenshots go to target/screenshots.
 */
class ConsoleIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    static WebDriver browser;
    static WebDriverWait wait;
    static Path profile;

    @BeforeAll
    static void start() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("the browser test needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver;"
                        + " the README's command installs them, scripts/need-browser.sh)").isTrue();
        Suite.ready();
        profile = Files.createTempDirectory("console-it-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        // The flags this machine's closed network needs: no background connections, no updates.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withEnvironment(Map.of("TZ", "UTC")).build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve("console-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    static void signIn(String key) {
        browser.get(GATEWAY + "/");
        // Signed out first: the session of an earlier test would skip the form.
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key")));
        field.sendKeys(key);
        browser.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
    }

    static List<String> attributes(String css, String attribute) {
        return browser.findElements(By.cssSelector(css)).stream().map(e -> e.getDomAttribute(attribute)).toList();
    }

    /** Ten calls over three days: Monday 09:00 (2) and 10:00 (1), Tuesday 14:00 (5), Wednesday 20:00 (2), UTC. */
    static String knownCalls() {
        List<String> calls = new ArrayList<>();
        String[] starts = {"2024-05-06T09:10:00Z", "2024-05-06T09:20:00Z", "2024-05-06T10:00:00Z",
                "2024-05-07T14:00:00Z", "2024-05-07T14:10:00Z", "2024-05-07T14:20:00Z", "2024-05-07T14:30:00Z",
                "2024-05-07T14:40:00Z", "2024-05-08T20:00:00Z", "2024-05-08T20:30:00Z"};
        for (int i = 0; i < starts.length; i++) {
            String start = starts[i];
            String caller = i < 4 ? "35799111001" : "3579911101" + i;
            String answer = i % 2 == 0 ? ",\"answer_start\":\"" + start.replace(":00Z", ":05Z") + "\"" : "";
            calls.add("{\"uuid\":\"console-" + i + "\",\"direction\":\"inbound\",\"caller_number\":\"" + caller
                    + "\",\"destination_number\":\"200\",\"call_start\":\"" + start + "\"" + answer
                    + ",\"call_end\":\"" + start.replace(":00Z", ":50Z") + "\",\"action\":\"HANGUP\"}");
        }
        return "[" + String.join(",", calls) + "]";
    }

    @Test
    void aWrongKeyIsRefusedThenAnAdminSeesATenantsChartsAndImportsAFileWatchingItsProgress() throws Exception {
        UUID tenant = UUID.randomUUID();
        assertThat(send("POST", GATEWAY + "/cdr-service/cdr/post", admin(tenant), "application/json", knownCalls())
                .statusCode()).isEqualTo(200);
        assertThat(send("POST", GATEWAY + "/phonebook-service/phone_book/records/import", admin(tenant), "text/csv",
                "name,email,number\nConsole Alice,,+357 99 111001\n").statusCode()).isEqualTo(200);

        // A wrong key: 401, said on the sign-in form; nothing is kept.
        signIn("crm-not-a-key");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sign-in-error"), "401"));
        assertThat(browser.findElement(By.id("nav")).isDisplayed()).isFalse();
        screenshot("wrong-key");

        // The admin's overview, then the tenant with the known calls.
        signIn(ADMIN_KEY);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tenants-table")));
        assertThat(browser.findElement(By.id("nav-tenants")).isDisplayed()).isTrue();
        Object stored = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return [sessionStorage.getItem('crm.console.key'), location.href]");
        assertThat(stored.toString()).contains(ADMIN_KEY).doesNotContain("key=");
        browser.findElement(By.xpath("//table[@id='tenants-table']//tr[td[1][text()='" + tenant + "']]//button")).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#card-calls b"), "10"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg[data-chart=lines] polyline")));
        assertThat(browser.findElement(By.cssSelector("#card-answered b")).getText()).isEqualTo("5");
        assertThat(browser.findElement(By.cssSelector("#card-answer-rate b")).getText()).isEqualTo("50.0 %");
        assertThat(attributes("svg[data-chart=bars] rect.bar", "data-value")).containsExactly("3", "5", "2");
        List<String> heat = attributes("svg[data-chart=heat] rect", "data-count");
        assertThat(heat).hasSize(7 * 24);
        assertThat(heat.get(0 * 24 + 9)).isEqualTo("2");
        assertThat(heat.get(0 * 24 + 10)).isEqualTo("1");
        assertThat(heat.get(24 + 14)).isEqualTo("5");
        assertThat(heat.get(2 * 24 + 20)).isEqualTo("2");
        assertThat(heat.stream().mapToInt(Integer::parseInt).sum()).isEqualTo(10);
        assertThat(attributes("svg[data-chart=lines] polyline[data-series=answer]", "data-points")).containsExactly("3");
        assertThat(browser.findElement(By.xpath("//td[text()='35799111001']/following-sibling::td[1]")).getText())
                .isEqualTo("Console Alice");
        screenshot("report");

        // The phone book: a file of 3,000 contacts as a job, its progress drawn until it ends.
        browser.findElement(By.cssSelector("button[data-view=phonebook]")).click();
        WebElement file = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-file")));
        StringBuilder csv = new StringBuilder("name,email,number\n");
        for (int i = 0; i < 3_000; i++) {
            csv.append("Console Contact ").append(i).append(",,+357 99 5").append(String.format("%05d", i)).append('\n');
        }
        csv.append("Bad Row,,12\n");
        Path upload = Files.createTempFile("console-import", ".csv");
        Files.writeString(upload, csv);
        file.sendKeys(upload.toAbsolutePath().toString());
        browser.findElement(By.id("import-start")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("import-status"), "data-state", "succeeded"));
        WebElement progress = browser.findElement(By.id("import-progress"));
        assertThat(progress.getDomProperty("value")).isEqualTo("3001");
        assertThat(progress.getDomProperty("max")).isEqualTo("3001");
        assertThat(browser.findElement(By.id("import-status")).getText()).contains("3001 of 3001 done, 1 error —")
                .contains("imported 3000");
        assertThat(browser.findElement(By.id("import-errors")).getText()).contains("line 3002");
        screenshot("import");
        Files.delete(upload);
        assertThat(Suite.body(Suite.get(GATEWAY + "/phonebook-service/phone_book/records/0035799502999", admin(tenant)))
                .get("name").asString()).isEqualTo("Console Contact 2999");

        // The calls, filtered in the page.
        browser.findElement(By.cssSelector("button[data-view=calls]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("calls-status"), "10 calls shown"));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-answered"))).selectByValue("true");
        browser.findElement(By.id("calls-apply")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("calls-status"), "5 calls shown"));
        screenshot("calls");

        // Sync: the webhook backlog, and a sync as a job (this tenant is not the PBX's: the job ends
        // failed, saying why, as the page shows).
        browser.findElement(By.cssSelector("button[data-view=sync]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#card-backlog b")));
        assertThat(browser.findElement(By.cssSelector("#card-backlog b")).getText()).isEqualTo("0");
        browser.findElement(By.id("sync-now")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("sync-status"), "data-state", "failed"));
        assertThat(browser.findElement(By.id("sync-status")).getText()).endsWith("404: This PBX has no tenant " + tenant);
        screenshot("sync");
    }

    /** The screen pop: a call rings, and the live panel shows it with the caller's contact, then its end. */
    @Test
    void theLivePanelShowsACallAsItRingsWithTheCallersNameThenItsEnd() throws Exception {
        UUID tenant = UUID.randomUUID();
        String past = "{\"uuid\":\"live-past\",\"direction\":\"inbound\",\"caller_number\":\"35799222009\","
                + "\"destination_number\":\"200\",\"call_start\":\"2024-05-06T09:10:00Z\",\"action\":\"HANGUP\"}";
        assertThat(send("POST", GATEWAY + "/cdr-service/cdr/post", admin(tenant), "application/json", "[" + past + "]")
                .statusCode()).isEqualTo(200);
        assertThat(send("POST", GATEWAY + "/phonebook-service/phone_book/records/import", admin(tenant), "text/csv",
                "name,email,number\nLive Bob,,+357 99 222001\n").statusCode()).isEqualTo(200);

        signIn(ADMIN_KEY);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tenants-table")));
        browser.findElement(By.xpath("//table[@id='tenants-table']//tr[td[1][text()='" + tenant + "']]//button")).click();
        browser.findElement(By.cssSelector("button[data-view=live]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-status"), "Live"));
        assertThat(browser.findElement(By.id("live-empty")).isDisplayed()).isTrue();

        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String ringing = "{\"uuid\":\"live-pop\",\"direction\":\"inbound\",\"caller_number\":\"35799222001\","
                + "\"destination_number\":\"200\",\"call_start\":\"" + now.minusSeconds(5) + "\",\"action\":\"RING\"}";
        assertThat(send("POST", GATEWAY + "/cdr-service/cdr/post", admin(tenant), "application/json", "[" + ringing + "]")
                .statusCode()).isEqualTo(200);
        By card = By.cssSelector(".card.live[data-call='live-pop']");
        wait.until(ExpectedConditions.attributeToBe(card, "data-state", "ringing"));
        assertThat(browser.findElement(card).getText()).contains("Live Bob").contains("35799222001");
        assertThat(browser.findElement(By.id("live-empty")).isDisplayed()).isFalse();
        screenshot("live-ringing");

        String ended = ringing.replace("\"action\":\"RING\"", "\"answer_start\":\"" + now.minusSeconds(3)
                + "\",\"call_end\":\"" + now + "\",\"action\":\"HANGUP\"");
        assertThat(send("POST", GATEWAY + "/cdr-service/cdr/post", admin(tenant), "application/json", "[" + ended + "]")
                .statusCode()).isEqualTo(200);
        wait.until(ExpectedConditions.attributeToBe(card, "data-state", "ended"));
        assertThat(browser.findElements(By.cssSelector("#live-recent tr"))).hasSize(2);
        screenshot("live-ended");

        // A caller missed half an hour ago and not called back is a follow-up, until marked called back.
        String missed = "{\"uuid\":\"follow-up\",\"direction\":\"inbound\",\"caller_number\":\"35799222001\","
                + "\"destination_number\":\"200\",\"call_start\":\"" + now.minusSeconds(1800) + "\",\"call_end\":\""
                + now.minusSeconds(1790) + "\",\"action\":\"HANGUP\"}";
        // (before the answered call above: that one returned it; a later miss is listed)
        String later = missed.replace("follow-up", "follow-up-2").replace(now.minusSeconds(1800).toString(), now.minusSeconds(1).toString())
                .replace(now.minusSeconds(1790).toString(), now.toString());
        assertThat(send("PUT", GATEWAY + "/cdr-service/cdr/follow-ups/settings", admin(tenant), "application/json",
                "{\"returnWithinMinutes\":0}").statusCode()).isEqualTo(200);
        assertThat(send("POST", GATEWAY + "/cdr-service/cdr/post", admin(tenant), "application/json",
                "[" + missed + "," + later + "]").statusCode()).isEqualTo(200);
        browser.findElement(By.cssSelector("button[data-view=followups]")).click();
        By row = By.xpath("//table[@id='followups-table']//tr[td[2][text()='35799222001']]");
        wait.until(ExpectedConditions.visibilityOfElementLocated(row));
        assertThat(browser.findElement(row).getText()).contains("Live Bob").contains(" 1 ");
        screenshot("follow-ups");
        browser.findElement(row).findElement(By.cssSelector("button.called-back")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("followups-empty")));
    }

    /**
     * The registry's admin pages: a tenant registered, a key issued and shown once with a copy
     * button; signed in with that key, the tenant sees its keys' names and last use, never a key;
     * revoked by the admin, the key is refused within 5 s.
     */
    @Test
    void anAdminRegistersATenantAndIssuesAKeyShownOnceWhichTheTenantSeesByNameUntilRevoked() throws Exception {
        String name = "Console " + UUID.randomUUID();
        signIn(ADMIN_KEY);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-registry"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tenant-name"))).sendKeys(name);
        browser.findElement(By.id("tenant-zone")).sendKeys("Europe/London");
        browser.findElement(By.cssSelector("#tenant-create button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#keys-panel h3"), name));
        assertThat(browser.findElement(By.xpath("//table[@id='registry-table']//tr[td[1][text()='" + name + "']]")).getText())
                .contains("Europe/London").contains("active");
        browser.findElement(By.id("key-name")).sendKeys("console-crm");
        browser.findElement(By.cssSelector("#key-issue button[type=submit]")).click();
        WebElement shown = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-key-text")));
        String key = shown.getDomProperty("value");
        assertThat(key).startsWith("crmk_").hasSize(48);
        assertThat(browser.findElement(By.id("copy-key")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("keys-table")).getText()).contains("console-crm").contains(key.substring(0, 12))
                .doesNotContain(key.substring(12));
        screenshot("registry");
        // A bad zone: the registry's problem, shown; nothing registered.
        browser.findElement(By.id("tenant-name")).sendKeys("Console bad " + UUID.randomUUID());
        browser.findElement(By.id("tenant-zone")).sendKeys("Mars/Olympus");
        browser.findElement(By.cssSelector("#tenant-create button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("registry-error"), "timeZone"));

        signIn(key);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-keys"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("own-keys"), "console-crm"));
        String own = browser.findElement(By.id("own-keys")).getText();
        assertThat(own).doesNotContain(key.substring(5));
        assertThat(browser.findElement(By.id("nav-registry")).isDisplayed()).isFalse();
        assertThat(browser.getPageSource()).doesNotContain(key.substring(5));

        signIn(ADMIN_KEY);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-registry"))).click();
        By row = By.xpath("//table[@id='registry-table']//tr[td[1][text()='" + name + "']]");
        wait.until(ExpectedConditions.visibilityOfElementLocated(row)).findElement(By.cssSelector("button.keys")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#keys-table button.revoke"))).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#keys-table button.revoke")));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(200)).until(() ->
                Suite.get(GATEWAY + "/cdr-service/cdr/get", Map.of("X-API-Key", key)).statusCode() == 401);
    }

    /**
     * The registry's PBX page: an admin connects a tenant's PBX, its generated webhook secret shown
     * once with a copy button; its status is shown to the admin and, without the secret, to the tenant.
     */
    @Test
    void anAdminConnectsATenantsPbxItsSecretShownOnceAndTheTenantSeesItsStatus() throws Exception {
        String name = "Console PBX " + UUID.randomUUID();
        signIn(ADMIN_KEY);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-registry"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tenant-name"))).sendKeys(name);
        browser.findElement(By.cssSelector("#tenant-create button[type=submit]")).click();
        By row = By.xpath("//table[@id='registry-table']//tr[td[1][text()='" + name + "']]");
        String tenant = wait.until(ExpectedConditions.visibilityOfElementLocated(row)).getDomAttribute("data-tenant");
        browser.findElement(row).findElement(By.cssSelector("button.pbx")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pbx-status"), "No PBX connected"));
        // A URL that is no http(s): the registry's problem, shown; nothing connected.
        browser.findElement(By.id("pbx-url")).sendKeys("ftp://pbx.example.com");
        browser.findElement(By.cssSelector("#pbx-connect button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pbx-error"), "baseUrl"));
        browser.findElement(By.id("pbx-url")).clear();
        browser.findElement(By.id("pbx-url")).sendKeys("http://127.0.0.1:9");
        browser.findElement(By.cssSelector("#pbx-connect button[type=submit]")).click();
        String secret = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pbx-secret-text"))).getDomProperty("value");
        assertThat(secret).startsWith("whsec_");
        assertThat(browser.findElement(By.id("copy-secret")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("pbx-status")).getText()).contains("http://127.0.0.1:9").contains("signed");
        screenshot("registry-pbx");
        JsonNode connection = Suite.body(Suite.get(GATEWAY + "/tenant-service/tenants/" + tenant + "/pbx",
                Suite.admin(UUID.fromString(tenant))));
        assertThat(connection.get("baseUrl").asString()).isEqualTo("http://127.0.0.1:9");
        assertThat(connection.toString()).doesNotContain(secret.substring(6));

        // Its tenant, signed in with a key of its own, sees the connection's status and never the secret.
        String key = Suite.body(Suite.send("POST", GATEWAY + "/tenant-service/tenants/" + tenant + "/keys",
                Map.of("X-API-Key", ADMIN_KEY), "application/json", "{\"name\":\"console-pbx\"}")).get("key").asString();
        signIn(key);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-keys"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("own-pbx"), "http://127.0.0.1:9"));
        assertThat(browser.getPageSource()).doesNotContain(secret.substring(6));

        signIn(ADMIN_KEY);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-registry"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(row)).findElement(By.cssSelector("button.pbx")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pbx-disconnect"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pbx-status"), "No PBX connected"));
        assertThat(Suite.get(GATEWAY + "/tenant-service/tenants/" + tenant + "/pbx", Suite.admin(UUID.fromString(tenant)))
                .statusCode()).isEqualTo(404);
    }
}
