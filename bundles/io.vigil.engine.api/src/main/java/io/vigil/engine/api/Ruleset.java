package io.vigil.engine.api;

import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

import io.vigil.sdk.Alert;
import io.vigil.sdk.Event;

/**
 * Compiled rules, ready to evaluate events. Immutable: changing which rules are enabled
 * returns a new ruleset, so the runtime can swap rulesets atomically between two events.
 * {@link #evaluate} must be called from one thread at a time.
 */
@ProviderType
public interface Ruleset {

    /**
     * Evaluates the enabled rules indexed for the event's source and type, and passes an
     * alert for each match (the first only, with {@code rule_matching: first}) to {@code sink}.
     * Allocates nothing unless a rule matches.
     */
    void evaluate(Event event, Consumer<Alert> sink);

    /** The sources that enabled rules apply to. */
    Set<String> sources();

    /**
     * The event types of {@code source} that the enabled rules need, for filtering at the
     * origin; null if some enabled rule applies to every type.
     */
    BitSet eventTypes(String source);

    /** All rules, enabled or not, in file order. */
    List<RuleInfo> rules();

    /** A copy with Falco's enable/disable directives applied, in order, to the current state. */
    Ruleset select(List<EngineConfig.RuleSelection> selections);

    /**
     * Evaluates one rule on one event and explains it: the condition tree with each leaf's
     * value and result, as JSON.
     *
     * @throws IllegalArgumentException if there is no such rule
     */
    String explain(String rule, Event event);
}
