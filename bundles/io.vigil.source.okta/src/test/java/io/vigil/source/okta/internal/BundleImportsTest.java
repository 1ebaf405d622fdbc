package io.vigil.source.okta.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;

/**
 * The bundle is a third-party plugin: it imports the public SDK, Jackson and JDK packages that
 * Karaf exports, nothing of Vigil's internals, and not the JDK HTTP server (no bundle exports it;
 * Karaf's boot delegation loads it).
 */
class BundleImportsTest {

    @Test
    void importsOnlyTheSdkJacksonAndExportedJdkPackages() throws Exception {
        Path mf = Path.of("target/classes/META-INF/MANIFEST.MF");
        assertTrue(Files.exists(mf), "bnd writes the manifest before the tests run: " + mf.toAbsolutePath());
        Manifest manifest;
        try (InputStream in = Files.newInputStream(mf)) {
            manifest = new Manifest(in);
        }
        String imports = manifest.getMainAttributes().getValue("Import-Package");
        for (String clause : imports.split(",(?=[a-z])")) {
            String pkg = clause.split(";")[0];
            assertTrue(pkg.equals("io.vigil.sdk") || pkg.startsWith("com.fasterxml.jackson.")
                    || pkg.startsWith("javax.net.ssl") || pkg.startsWith("javax.crypto"),
                    "unexpected import " + pkg + " in " + imports);
        }
        assertTrue(manifest.getMainAttributes().getValue("Export-Package") == null, "exports nothing");
    }
}
