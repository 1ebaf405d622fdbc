package io.vigil.container.internal;

/**
 * An image reference split as Falco does: {@code registry/repo:tag@sha256:digest} gives the
 * repository {@code registry/repo}, the tag and the digest ({@code sha256:...}).
 */
record ImageName(String repository, String tag, String digest) {

    static ImageName parse(String image) {
        if (image == null || image.isEmpty()) {
            return new ImageName("", "", "");
        }
        String rest = image;
        String digest = "";
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String tag = "";
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        return new ImageName(rest, tag, digest);
    }
}
