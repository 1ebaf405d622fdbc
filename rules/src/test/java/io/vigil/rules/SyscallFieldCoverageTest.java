package io.vigil.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.vigil.engine.FalcoRuleEngine;
import io.vigil.engine.api.Diagnostic;
import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.FieldCatalog;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleFile;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldReference;
import io.vigil.sdk.testkit.MapFieldExtractor;
import io.vigil.syscall.api.SyscallEventTable;
import io.vigil.syscall.internal.fields.SyscallFields;

/**
 * Checks the default rules against the field declarations of the real syscall bundle, so a field
 * the rules need but the syscall field classes lack (or declare with another type) fails here,
 * not at a user's first start. Container fields come from the test declarations until the
 * container bundle exists.
 */
class SyscallFieldCoverageTest {

    private static final Pattern FIELD = Pattern.compile(
            "(?<![\\w.])(?:evt|proc|thread|user|group|fd|fs\\.path)\\.[A-Za-z0-9_.]+(?:\\[[^\\]\\s]+\\])?");

    @Test
    void rulesCompileAgainstTheSyscallBundleFields() throws IOException {
        TestFields test = TestFields.load("syscall-fields.txt");
        List<FieldDescriptor> container = test.descriptors().stream()
                .filter(d -> d.name().startsWith("container.")).toList();
        FieldCatalog catalog = new FieldCatalog(
                List.of(new MapFieldExtractor("syscall", SyscallFields.fields()),
                        new MapFieldExtractor("container", container)),
                Map.of("syscall", SyscallEventTable.get()), List.of("syscall"));
        LoadResult r = new FalcoRuleEngine().load(List.of(RuleFile.read(Path.of("vigil_rules.yaml"))), catalog,
                EngineConfig.defaults("vigil-test"));
        assertEquals(List.of(), r.diagnostics().stream().map(Diagnostic::toString).toList());
    }

    @Test
    void syscallBundleDeclaresEveryRuleFieldWithTheTypeTheFixturesUse() throws IOException {
        TestFields test = TestFields.load("syscall-fields.txt");
        List<String> mismatches = new ArrayList<>();
        for (String text : fieldsUsed(Files.readString(Path.of("vigil_rules.yaml")))) {
            Optional<FieldReference> mine = FieldReference.resolve(test.descriptors(), text);
            if (mine.isEmpty()) {
                continue; // a list or macro name that only looks like a field
            }
            Optional<FieldReference> real = FieldReference.resolve(SyscallFields.fields(), text);
            if (real.isEmpty()) {
                mismatches.add(text + ": not declared by the syscall bundle");
                continue;
            }
            FieldDescriptor a = mine.get().field();
            FieldDescriptor b = real.get().field();
            // FSPATH and STRING are both text to the engine: only the kind of value matters
            boolean sameKind = a.type() == b.type() || (a.type().isText() && b.type().isText());
            if (!sameKind || a.list() != b.list()) {
                mismatches.add(text + ": tests declare " + a.type() + (a.list() ? " list" : "")
                        + ", the syscall bundle " + b.type() + (b.list() ? " list" : ""));
            }
        }
        assertEquals(List.of(), mismatches);
    }

    private static TreeSet<String> fieldsUsed(String yaml) {
        TreeSet<String> out = new TreeSet<>();
        for (String line : yaml.split("\n")) {
            String t = line.strip();
            if (t.startsWith("#") || t.startsWith("- list:") || t.startsWith("- macro:") || t.startsWith("- rule:")) {
                continue;
            }
            Matcher m = FIELD.matcher(line);
            while (m.find()) {
                String f = m.group();
                out.add(f.endsWith(".") ? f.substring(0, f.length() - 1) : f);
            }
        }
        out.removeIf(f -> f.startsWith("fd.name pmatch") || !f.contains("."));
        return out;
    }
}
