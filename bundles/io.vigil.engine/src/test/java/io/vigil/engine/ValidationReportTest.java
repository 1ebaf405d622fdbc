package io.vigil.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleFile;
import io.vigil.engine.api.ValidationReport;

/** {@code vigil -V} output in Falco's text and JSON shapes. */
class ValidationReportTest {

    @Test
    void textAndJsonForAnInvalidAndAValidFile() {
        RuleFile good = new RuleFile("good.yaml", "- macro: m\n  condition: proc.name = x\n");
        RuleFile bad = new RuleFile("bad.yaml", "- rule: r\n  desc: d\n  condition: proc.nmae = x\n  output: o\n"
                + "  priority: INFO\n");
        List<RuleFile> files = List.of(good, bad);
        LoadResult r = Rules.ENGINE.load(files, TestCatalog.full(), EngineConfig.defaults("h"));
        String text = ValidationReport.text(files, r);
        assertTrue(text.startsWith("good.yaml: Ok, with warnings\n"), text);
        assertTrue(text.contains("bad.yaml: Invalid\n\n1 Errors:\n"), text);
        assertTrue(text.contains("    rule 'r': (bad.yaml:3:14)\n------\n  condition: proc.nmae = x\n"
                + "             ^\n------\nLOAD_ERR_COMPILE_CONDITION (Error compiling condition): "), text);
        String json = ValidationReport.json(files, r);
        assertTrue(json.startsWith("{\"falco_load_results\":[{\"errors\":[],\"name\":\"good.yaml\",\"successful\":true,"
                + "\"warnings\":[{\"code\":\"LOAD_UNUSED_MACRO\""), json);
        assertTrue(json.contains("{\"errors\":[{\"code\":\"LOAD_ERR_COMPILE_CONDITION\",\"codedesc\":"), json);
        assertTrue(json.contains("\"context\":{\"locations\":[{\"item_name\":\"r\",\"item_type\":\"rule\","
                + "\"position\":{\"column\":14,\"line\":3,\"name\":\"bad.yaml\",\"offset\":0}}],\"snippet\":"), json);
        assertTrue(json.contains("\"name\":\"bad.yaml\",\"successful\":false"), json);
        assertEquals("Error compiling output", ValidationReport.title("LOAD_ERR_COMPILE_OUTPUT"));
    }
}
