package io.vigil.source.github.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.sdk.FieldAccessor;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldExtractor;
import io.vigil.sdk.FieldType;
import io.vigil.source.jsonkit.FieldTable;
import io.vigil.source.jsonkit.Json;
import io.vigil.source.jsonkit.JsonEvent;
import io.vigil.source.jsonkit.PluginEventFields;

/**
 * The fields of Falco's github plugin ({@code github.*}) over webhook deliveries, which carry
 * the delivery's event name as {@code webhook_type} and, when the delivery was enriched, the
 * secrets found in a push's diff ({@code files[].matches[]}) and the miners found in a workflow
 * ({@code workflow_miner_detections.matches[]}). As in the plugin, the payload properties read
 * as empty text when missing; lists are comma separated.
 */
@Component(service = FieldExtractor.class, property = FieldExtractor.NAME_PROPERTY + "=github")
public final class GitHubFields implements FieldExtractor {

    /** The github plugin version whose fields these are (rule files ask for at least 0.8.0). */
    static final String FALCO_VERSION = "0.10.1";

    private final FieldTable table = new FieldTable(GitHubSource.NAME, "github");

    public GitHubFields() {
        key("github.type", "The message type, e.g. 'star' or 'repository' (the X-GitHub-Event header).", "webhook_type");
        key("github.action", "The action, which qualifies the type: a 'star' can be 'created' or 'deleted'.", "action");
        key("github.user", "The user that triggered the event.", "sender", "login");
        key("github.repo", "(deprecated) The URL of the repository where the event occurred.", "repository", "html_url");
        key("github.repo.url", "The URL of the repository where the event occurred.", "repository", "html_url");
        str("github.repo.name", "The repository name (owner/name).", r -> {
            String url = text(r, "repository", "html_url");
            return url.startsWith("https://github.com/") ? url.substring("https://github.com/".length()) : url;
        });
        key("github.repo.description", "The repository description.", "repository", "description");
        key("github.org", "The organization the repository belongs to.", "organization", "login");
        key("github.owner", "The repository's owner.", "repository", "owner", "login");
        str("github.repo.public", "'true' if the repository is public, else 'false'.", r -> {
            JsonNode p = Json.path(r, "repository", "private");
            return p != null && p.isBoolean() && p.booleanValue() ? "false" : "true";
        });
        key("github.collaborator.name", "The member added or removed.", "member", "login");
        key("github.collaborator.role", "The new permission of the member.", "changes", "permission", "to");
        str("github.webhook.id", "The ID of a newly created webhook.", r -> {
            JsonNode id = Json.path(r, "hook", "id");
            return id != null && id.canConvertToLong() ? Long.toUnsignedString(id.longValue()) : "0";
        });
        key("github.webhook.type", "The type of a newly created webhook, e.g. 'repository'.", "hook", "type");
        str("github.commit.added", "The files added by the pushed commits, comma separated.", r -> commitFiles(r, "added"));
        str("github.commit.modified", "The files modified by the pushed commits, comma separated.",
                r -> commitFiles(r, "modified"));
        str("github.commit.removed", "The files removed by the pushed commits, comma separated.",
                r -> commitFiles(r, "removed"));
        str("github.diff.has_secrets", "For push messages, 'true' if a commit's diff contains a secret.", r -> {
            JsonNode files = r.get("files");
            if (files == null || !files.isArray()) {
                return "";
            }
            for (JsonNode f : files) {
                JsonNode m = f.get("matches");
                if (m != null && m.isArray() && !m.isEmpty()) {
                    return "true";
                }
            }
            return "false";
        });
        str("github.diff.committed_secrets.desc", "For push messages, the description of each committed secret.",
                r -> matches(r, (file, m) -> text(m, "desc")));
        str("github.diff.committed_secrets.files", "For push messages, the file of each committed secret.",
                r -> matches(r, (file, m) -> text(file, "name")));
        str("github.diff.committed_secrets.lines", "For push messages, the line of each committed secret.",
                r -> matches(r, (file, m) -> Long.toString(m.path("line").asLong(0))));
        str("github.diff.committed_secrets.links", "For push messages, a link to each committed secret.", r -> {
            String links = matches(r, (file, m) -> text(r, "repository", "html_url") + "/blob/"
                    + text(r, "head_commit", "id") + "/" + text(file, "name") + "/#L" + m.path("line").asLong(0));
            return links == null ? "" : links;
        });
        str("github.workflow.has_miners", "For workflow_run messages, 'true' if a miner was found in the workflow.", r -> {
            JsonNode m = Json.path(r, "workflow_miner_detections", "matches");
            return m == null || !m.isArray() ? null : m.isEmpty() ? "false" : "true";
        });
        str("github.workflow.miners.type", "For workflow_run messages, the types of miner found (e.g. xmrig, stratum).",
                r -> {
                    JsonNode m = Json.path(r, "workflow_miner_detections", "matches");
                    if (m == null || !m.isArray()) {
                        return null;
                    }
                    TreeSet<String> types = new TreeSet<>();
                    m.forEach(x -> types.add(text(x, "type")));
                    return String.join(",", types);
                });
        key("github.workflow.filename", "For workflow_run messages, the workflow definition file.", "workflow", "path");
        PluginEventFields.addTo(table, "github", e -> text(e.tree(), "webhook_type") + " " + text(e.tree(), "action")
                + " " + text(e.tree(), "repository", "html_url"));
    }

    @Override
    public String name() {
        return "github";
    }

    @Override
    public List<FieldDescriptor> fields() {
        return table.fields();
    }

    @Override
    public FieldAccessor bind(FieldDescriptor field, String argument) {
        return table.bind(field, argument);
    }

    @Override
    public Map<String, String> falcoPlugins() {
        return Map.of("github", FALCO_VERSION);
    }

    private void key(String name, String description, String... keys) {
        str(name, description, r -> text(r, keys));
    }

    private void str(String name, String description, Function<JsonNode, String> f) {
        table.add(name, FieldType.STRING, description, arg -> (e, out) -> {
            String s = e instanceof JsonEvent j ? f.apply(j.tree()) : null;
            return s != null && out.setText(s) != null;
        });
    }

    /** A text property, or empty text when missing or not text. */
    private static String text(JsonNode node, String... keys) {
        String s = Json.stringOrNull(Json.path(node, keys));
        return s == null ? "" : s;
    }

    private static String commitFiles(JsonNode r, String key) {
        List<String> out = new ArrayList<>();
        JsonNode commits = r.get("commits");
        if (commits != null && commits.isArray()) {
            for (JsonNode c : commits) {
                JsonNode files = c.get(key);
                if (files != null && files.isArray()) {
                    files.forEach(f -> out.add(f.isTextual() ? f.textValue() : ""));
                }
            }
        }
        return String.join(",", out);
    }

    /** One text per secret match of the enriched diff, comma separated; null without diff data. */
    private static String matches(JsonNode r, java.util.function.BiFunction<JsonNode, JsonNode, String> f) {
        JsonNode files = r.get("files");
        if (files == null || !files.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode file : files) {
            JsonNode ms = file.get("matches");
            if (ms != null && ms.isArray()) {
                ms.forEach(m -> out.add(f.apply(file, m)));
            }
        }
        return String.join(",", out);
    }
}
