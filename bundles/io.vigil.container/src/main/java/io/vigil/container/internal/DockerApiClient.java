package io.vigil.container.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Container metadata from the Docker Engine API ({@code GET /containers/{id}/json}), which
 * Podman's service also speaks; one instance per engine and socket.
 */
final class DockerApiClient implements MetadataClient {


    private final ContainerType type;
    private final UnixHttpClient http;

    DockerApiClient(ContainerType type, Path socket, long timeoutMillis) {
        this.type = type;
        this.http = new UnixHttpClient(socket, timeoutMillis);
    }

    @Override
    public String name() {
        return type.falcoName() + " (" + http.socket() + ")";
    }

    @Override
    public boolean handles(ContainerIdentity id) {
        return id.type() == type;
    }

    @Override
    public ContainerInfo fetch(ContainerIdentity id) throws IOException {
        UnixHttpClient.Response r = http.get("/containers/" + enc(id.fullId()) + "/json");
        if (r.status() == 404) {
            return null;
        }
        if (r.status() != 200) {
            throw new IOException(http.socket() + " answered HTTP " + r.status() + " for container " + id.fullId() + ": "
                    + abbreviate(r.text()));
        }
        JsonNode c = parse(r);
        if (!c.isObject() || !c.path("Id").isTextual()) {
            throw new IOException(http.socket() + " answered something that is not a container for " + id.fullId() + ": "
                    + abbreviate(r.text()));
        }
        ContainerInfo.Builder b = ContainerInfo.builder(type, c.path("Id").asText());
        String name = c.path("Name").asText("");
        b.name = name.startsWith("/") ? name.substring(1) : name;
        JsonNode config = c.path("Config");
        b.image = config.path("Image").asText("");
        String imageId = c.path("Image").asText("");
        if (imageId.startsWith("sha256:")) {
            imageId = imageId.substring("sha256:".length());
        }
        b.imageId = imageId.length() > ContainerIdentity.SHORT_ID_LENGTH ? imageId.substring(0, ContainerIdentity.SHORT_ID_LENGTH) : imageId;
        JsonNode host = c.path("HostConfig");
        b.privileged = host.path("Privileged").asBoolean(false);
        b.hostPid = "host".equals(host.path("PidMode").asText(""));
        b.hostNetwork = "host".equals(host.path("NetworkMode").asText(""));
        b.hostIpc = "host".equals(host.path("IpcMode").asText(""));
        for (JsonNode m : c.path("Mounts")) {
            b.mounts.add(new Mount(m.path("Source").asText(""), m.path("Destination").asText(""), m.path("Mode").asText(""),
                    m.path("RW").asBoolean(false), m.path("Propagation").asText("")));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = config.path("Labels").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            b.labels.put(e.getKey(), e.getValue().asText(""));
        }
        JsonNode net = c.path("NetworkSettings");
        String ip = net.path("IPAddress").asText("");
        for (Iterator<JsonNode> it = net.path("Networks").elements(); ip.isEmpty() && it.hasNext();) {
            ip = it.next().path("IPAddress").asText("");
        }
        b.ip = ip;
        String repository = ImageName.parse(b.image).repository();
        if (ImageName.parse(b.image).digest().isEmpty() && !c.path("Image").asText("").isEmpty()) {
            b.imageDigest = repoDigest(c.path("Image").asText(""), repository);
        }
        return b.build();
    }

    /** The registry digest of the image for {@code repository}, from the image's RepoDigests; empty if none. */
    private String repoDigest(String image, String repository) throws IOException {
        UnixHttpClient.Response r = http.get("/images/" + enc(image) + "/json");
        if (r.status() != 200) {
            return "";
        }
        String first = "";
        for (JsonNode d : parse(r).path("RepoDigests")) {
            String s = d.asText("");
            int at = s.indexOf('@');
            if (at > 0) {
                if (s.substring(0, at).equals(repository)) {
                    return s.substring(at + 1);
                }
                first = first.isEmpty() ? s.substring(at + 1) : first;
            }
        }
        return first;
    }

    private JsonNode parse(UnixHttpClient.Response r) throws IOException {
        try {
            return Json.read(r.body());
        } catch (JsonProcessingException e) {
            throw new IOException(http.socket() + " answered invalid JSON: " + abbreviate(r.text()), e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }
}
