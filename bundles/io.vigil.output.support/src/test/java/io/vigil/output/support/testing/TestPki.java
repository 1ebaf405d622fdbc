package io.vigil.output.support.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.vigil.output.support.Pem;

/**
 * A throw-away certificate authority for tests, made with Debian's {@code openssl}: a CA, a
 * server certificate for 127.0.0.1/::1/localhost, a client certificate, and an unrelated CA,
 * as PEM files (certificate chains, PKCS#8 keys) the way channels are configured.
 */
public final class TestPki {

    private static final String CONFIG = """
            [req]
            distinguished_name = dn
            [dn]
            [ca]
            basicConstraints = critical,CA:TRUE
            keyUsage = critical,keyCertSign,cRLSign
            [server]
            basicConstraints = critical,CA:FALSE
            subjectAltName = IP:127.0.0.1,IP:::1,DNS:localhost
            extendedKeyUsage = serverAuth
            [client]
            basicConstraints = critical,CA:FALSE
            extendedKeyUsage = clientAuth
            """;

    private static TestPki shared;

    public final Path dir;
    public final Path caPem;
    public final Path serverCertPem;
    public final Path serverKeyPem;
    public final Path clientCertPem;
    public final Path clientKeyPem;
    /** A CA that signed nothing the tests trust: a server presenting its certificate is refused. */
    public final Path otherCaPem;
    public final Path otherCaKeyPem;

    private TestPki(Path dir) throws IOException {
        this.dir = dir;
        Files.writeString(dir.resolve("openssl.cnf"), CONFIG);
        selfSigned("ca", "Vigil Test CA");
        selfSigned("other-ca", "Unrelated CA");
        issue("server", "localhost");
        issue("client", "vigil-client");
        caPem = dir.resolve("ca.pem");
        otherCaPem = dir.resolve("other-ca.pem");
        otherCaKeyPem = dir.resolve("other-ca.key");
        serverCertPem = chain("server");
        serverKeyPem = dir.resolve("server.key");
        clientCertPem = chain("client");
        clientKeyPem = dir.resolve("client.key");
    }

    /** The PKI shared by all tests of this JVM. */
    public static synchronized TestPki get() throws IOException {
        if (shared == null) {
            shared = new TestPki(Files.createTempDirectory("vigil-pki"));
        }
        return shared;
    }

    private void selfSigned(String name, String cn) throws IOException {
        openssl("req", "-x509", "-config", "openssl.cnf", "-extensions", "ca", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key", "-out", name + ".pem",
                "-subj", "/CN=" + cn, "-days", "3");
    }

    private void issue(String name, String cn) throws IOException {
        openssl("req", "-x509", "-config", "openssl.cnf", "-extensions", name, "-CA", "ca.pem", "-CAkey",
                "ca.key", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                name + ".key", "-out", name + ".crt", "-subj", "/CN=" + cn, "-days", "3");
    }

    private Path chain(String name) throws IOException {
        Path p = dir.resolve(name + ".chain.pem");
        Files.writeString(p, Files.readString(dir.resolve(name + ".crt")) + Files.readString(dir.resolve("ca.pem")));
        return p;
    }

    /** TLS for a test server presenting the server certificate, trusting client certificates of the CA. */
    public SSLContext serverContext() throws GeneralSecurityException, IOException {
        return context(serverCertPem, serverKeyPem, caPem);
    }

    /** TLS for a test client presenting the client certificate and trusting the CA. */
    public SSLContext clientContext() throws GeneralSecurityException, IOException {
        return context(clientCertPem, clientKeyPem, caPem);
    }

    /** A server presenting the unrelated CA's own certificate. */
    public SSLContext untrustedServerContext() throws GeneralSecurityException, IOException {
        return context(otherCaPem, otherCaKeyPem, caPem);
    }

    private static SSLContext context(Path cert, Path key, Path ca) throws GeneralSecurityException, IOException {
        List<X509Certificate> chain = Pem.certificates(cert);
        PrivateKey k = Pem.privateKey(key);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("me", k, "x".toCharArray(), chain.toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "x".toCharArray());
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", Pem.certificates(ca).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Runs openssl in {@code dir}; fails saying which package is needed if it is missing. */
    public static void openssl(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("the tests need Debian's openssl package (apt-get install openssl): " + e, e);
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("openssl did not finish: " + cmd);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("openssl failed (" + p.exitValue() + "): " + String.join(" ", cmd) + "\n" + out);
        }
    }

    private void openssl(String... args) throws IOException {
        openssl(dir, args);
    }
}
