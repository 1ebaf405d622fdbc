package io.vigil.source.okta.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The configuration keys operators write (etc/io.vigil.source.okta.cfg, config:property-set)
 * are Falco's okta plugin names, as the generated metatype declares them to Config Admin.
 */
class OktaConfigKeysTest {

    @Test
    void theMetatypeDeclaresFalcosKeyNames() throws Exception {
        String xml;
        try (InputStream in = OktaSource.class.getResourceAsStream(
                "/OSGI-INF/metatype/io.vigil.source.okta.internal.OktaSource$Config.xml")) {
            assertNotNull(in, "bnd generated the metatype into the build output");
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("<AD [^>]*id=\"([^\"]+)\"").matcher(xml);
        while (m.find()) {
            ids.add(m.group(1));
        }
        assertEquals(List.of("openParams", "organization", ".api_token", "refresh_interval", "since",
                "cache_expiration", "cache_usermaxsize", ".webhookToken"), ids);
    }
}
