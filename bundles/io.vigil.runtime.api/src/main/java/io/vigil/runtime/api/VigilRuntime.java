package io.vigil.runtime.api;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

import io.vigil.engine.api.EngineConfig.RuleSelection;
import io.vigil.engine.api.FieldCatalog;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.Ruleset;
import io.vigil.sdk.Alert;

/**
 * The running Vigil: registered as a service by {@code io.vigil.runtime}. Everything here is
 * safe to call from any thread.
 */
@ProviderType
public interface VigilRuntime {

    /** The fields and sources plugins provide right now. */
    FieldCatalog catalog();

    /** The ruleset being evaluated, if rules were loaded successfully. */
    Optional<Ruleset> ruleset();

    /** The result of the last rules load (initial, reload, or plugin change). */
    Optional<LoadResult> lastLoad();

    /**
     * Reloads the configured rules files off the event thread and swaps the new ruleset in
     * between two events; on any error the running ruleset stays.
     */
    LoadResult reload();

    /** State and counters of each registered source. */
    List<SourceStatus> sources();

    /** State and counters of each output channel. */
    List<OutputStatus> outputs();

    /** Follows alerts as they are raised; close the handle to stop. */
    AutoCloseable subscribe(Consumer<Alert> listener);

    /**
     * Enables or disables rules by name ({@code *} wildcards) or tag, in order, on top of the
     * configuration; the choice is kept across reloads until Vigil restarts.
     *
     * @return the ruleset now running
     * @throws IllegalStateException if no rules are loaded
     */
    Ruleset select(List<RuleSelection> selections);

    /** Counters: events, drops, alerts by priority and rule, queues, reloads, memory. */
    RuntimeStats stats();

    /** The rules files and directories loaded, in order. */
    List<java.nio.file.Path> rulesPaths();

    /**
     * Sends a test alert to one channel, or to all if {@code channel} is null.
     *
     * @return the names of the channels it was queued for
     */
    List<String> testOutput(String channel);

    /**
     * Evaluates rules files against one event written as a JSON map of field names (as in
     * rules) to values, typed by the running field catalogue ({@code vigil eval}).
     *
     * @return the matches as JSON and, with {@code explain}, each rule's condition tree
     * @throws IllegalArgumentException naming the file and problem for bad rules or events
     */
    String eval(List<java.nio.file.Path> rules, java.nio.file.Path event, String source, boolean explain);
}
