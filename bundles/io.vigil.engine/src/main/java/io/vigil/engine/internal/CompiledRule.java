package io.vigil.engine.internal;

import java.util.BitSet;
import java.util.List;
import java.util.Map;

import io.vigil.engine.internal.eval.Filter;
import io.vigil.engine.internal.output.OutputFormat;
import io.vigil.sdk.Priority;

/**
 * One rule ready to evaluate: its filter, output, event types (null for all) and the static
 * facts listings show.
 *
 * @param extraOutputs append_output entries that apply to this rule
 * @param clock        the event counter of the rule's source, advanced before each event
 */
public record CompiledRule(int index, String name, String source, Priority priority, boolean enabledInFile,
        List<String> tags, String description, String condition, Filter filter, OutputFormat output,
        BitSet eventTypes, List<String> eventTypeNames, List<ExtraOutput> extraOutputs,
        io.vigil.engine.internal.eval.EvalClock clock) {

    /** Falco's {@code append_output}: more text and more fields for matching rules. */
    public record ExtraOutput(OutputFormat text, Map<String, Object> fields) {
    }
}
