package io.vigil.sdk;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Declares fields and extracts their values from events; registered as an OSGi service.
 *
 * <p>The rule compiler looks a field name up among all registered extractors whose fields
 * apply to the rule's source, then calls {@link #bind} once; the returned accessor is used
 * for every event. When an extractor's service goes away, rules using its fields are
 * deactivated with a warning, and come back when it returns.
 *
 * <p>Shaped like Falco's extractor capability: a field list and an extraction call.
 */
@ConsumerType
public interface FieldExtractor {

    /** Service property: a name identifying the extractor in listings and messages. */
    String NAME_PROPERTY = "vigil.extractor.name";

    /** A short name for listings and error messages, e.g. {@code syscall}, {@code container}. */
    String name();

    /** The fields this extractor provides, in the order they should be listed. */
    List<FieldDescriptor> fields();

    /**
     * Binds one field and its argument (the text in brackets, or after {@code evt.arg.}),
     * once, at rule compile time.
     *
     * @param field    one of {@link #fields()}
     * @param argument the argument as written, or null if none
     * @throws IllegalArgumentException with a message a rule author can act on if the
     *                                  argument is invalid for the field
     */
    FieldAccessor bind(FieldDescriptor field, String argument);

    /**
     * The Falco plugins this extractor stands in for, by name and version
     * ({@code "container" -> "0.3.0"}), so that {@code required_plugin_versions} in Falco rule
     * files is satisfied by Vigil's own bundles.
     */
    default Map<String, String> falcoPlugins() {
        return Map.of();
    }
}
