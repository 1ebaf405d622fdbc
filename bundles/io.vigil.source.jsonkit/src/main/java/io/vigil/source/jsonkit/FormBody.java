package io.vigil.source.jsonkit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Reads one field of an {@code application/x-www-form-urlencoded} request body. */
final class FormBody {

    private FormBody() {
    }

    /**
     * @return the decoded value of {@code name} as UTF-8 bytes, or null if the body has no such
     *         field or is not valid form encoding
     */
    static byte[] field(byte[] body, String name) {
        String form = new String(body, StandardCharsets.US_ASCII);
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            try {
                if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                    String value = eq < 0 ? "" : pair.substring(eq + 1);
                    return URLDecoder.decode(value, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException badEscape) {
                return null;
            }
        }
        return null;
    }
}
