package com.crmtelephony.cdr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One owner per table (issue 38): each table of cdr-service is written only by the SQL of the
 * module that owns it, other modules call the owner (or implement its erasure and retention
 * parts in their own tables). A module reads another's table only where this test declares it,
 * each read with its reason. Only repositories hold SQL connections.
 */
class TableOwnershipTests {

    static final Path SOURCES = Path.of("src/main/java/com/crmtelephony/cdr");

    /** Every table of the service's migrations, by the module that owns it. */
    static final Map<String, String> OWNER = Map.ofEntries(
            Map.entry("call_record", "call"), Map.entry("erased_number", "call"), Map.entry("privacy_key_check", "call"),
            Map.entry("call_hour", "report"), Map.entry("call_extension", "report"), Map.entry("call_number", "report"),
            Map.entry("call_change", "report"), Map.entry("call_hour_delta", "report"),
            Map.entry("call_extension_delta", "report"), Map.entry("call_number_delta", "report"),
            Map.entry("number_totals", "report"),
            Map.entry("number_match", "phonebook"),
            Map.entry("call_event", "live"),
            Map.entry("webhook_endpoint", "outbound"), Map.entry("webhook_delivery", "outbound"),
            Map.entry("outbound_instance", "outbound"),
            Map.entry("follow_up_done", "followup"),
            Map.entry("erasure", "privacy"),
            Map.entry("stuck_pull", "reconciliation"),
            Map.entry("tenant", "tenant"),
            Map.entry("shedlock", "none: ShedLock's own"));

    /** The reads of another module's table, module to tables: joins a single query needs. */
    static final Map<String, Set<String>> DECLARED_READS = Map.of(
            // The report's facts are computed from the calls (call_fact), its unmatched figures
            // from what the phone book said of their numbers.
            "report", Set.of("call_record", "number_match"),
            // A follow-up is the missed calls of one caller, keyed as the phone book keys numbers.
            "followup", Set.of("call_record", "number_match"),
            // An event names its contact; an event a webhook still has to deliver is kept.
            "live", Set.of("number_match", "webhook_delivery"),
            // The PBX's calls against the stored ones, per day, with their unmatched numbers.
            "reconciliation", Set.of("call_record", "number_match"),
            // The numbers of the calls (the report's per-number totals) are those to ask the phone book about.
            "phonebook", Set.of("call_number"),
            // The upsert skips calls already past the tenant's retention, in the same statement.
            "call", Set.of("tenant"));

    static final Pattern WRITE = Pattern.compile("\\b(?:insert\\s+into|update|delete\\s+from)\\s+([a-z_]+)");
    static final Pattern READ = Pattern.compile("\\b(?:from|join)\\s+([a-z_]+)");

    @Test
    void everyMigrationTableHasAnOwner() throws IOException {
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            for (Path file : files.toList()) {
                Matcher m = Pattern.compile("create table (?:if not exists )?([a-z_]+)").matcher(Files.readString(file));
                while (m.find()) {
                    tables.add(m.group(1));
                }
            }
        }
        assertThat(OWNER.keySet()).containsExactlyInAnyOrderElementsOf(tables);
    }

    @Test
    void onlyTheOwnerWritesATableAndOthersReadOnlyWhatIsDeclared() throws IOException {
        Map<String, Set<String>> wrongWrites = new TreeMap<>();
        Map<String, Set<String>> undeclaredReads = new TreeMap<>();
        Map<String, Set<String>> reads = new TreeMap<>();
        forEachSource((module, file, code) -> {
            Matcher write = WRITE.matcher(code);
            while (write.find()) {
                String table = write.group(1);
                if (OWNER.containsKey(table) && !module.equals(OWNER.get(table))) {
                    wrongWrites.computeIfAbsent(file, f -> new TreeSet<>()).add(table);
                }
            }
            Matcher read = READ.matcher(code);
            while (read.find()) {
                String table = read.group(1);
                if (OWNER.containsKey(table) && !module.equals(OWNER.get(table))) {
                    reads.computeIfAbsent(module, m -> new TreeSet<>()).add(table);
                    if (!DECLARED_READS.getOrDefault(module, Set.of()).contains(table)) {
                        undeclaredReads.computeIfAbsent(file, f -> new TreeSet<>()).add(table);
                    }
                }
            }
        });
        assertThat(wrongWrites).as("tables written outside their owning module").isEmpty();
        assertThat(undeclaredReads).as("another module's tables read without a declared reason").isEmpty();
        // A declared read that is gone goes from the list too.
        assertThat(reads).isEqualTo(new TreeMap<>(DECLARED_READS));
    }

    @Test
    void onlyRepositoriesTalkToTheDatabase() {
        assertThat(com.crmtelephony.testsupport.DatabaseAccess.outsideRepositories(SOURCES)).isEmpty();
    }

    interface SourceVisitor {
        void visit(String module, String file, String code);
    }

    /** Each source file's code without its comments, with the module (top package) it belongs to. */
    static void forEachSource(SourceVisitor visitor) throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = SOURCES.relativize(file);
                String module = relative.getNameCount() > 1 ? relative.getName(0).toString() : "";
                String code = Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*//.*$", "");
                visitor.visit(module, relative.toString(), code);
            }
        }
    }
}
