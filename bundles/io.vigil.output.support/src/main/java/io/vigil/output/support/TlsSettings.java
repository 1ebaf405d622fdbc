package io.vigil.output.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A client's TLS configuration with Falco's key names: which servers to trust and which
 * certificate to present; empty strings mean "not set".
 *
 * @param insecure   Falco's {@code insecure}: trust any server certificate and any host name
 * @param caCert     Falco's {@code ca_cert}: a PEM file with the CA certificate(s) to trust
 * @param caBundle   Falco's {@code ca_bundle}: a PEM bundle of CA certificates to trust
 * @param caPath     Falco's {@code ca_path}: a directory of PEM CA certificates to trust
 * @param clientCert Falco's {@code client_cert}: the PEM client certificate chain for mTLS
 * @param clientKey  Falco's {@code client_key}: its PEM private key
 */
public record TlsSettings(boolean insecure, String caCert, String caBundle, String caPath,
        String clientCert, String clientKey) {

    public TlsSettings {
        caCert = blankToEmpty(caCert);
        caBundle = blankToEmpty(caBundle);
        caPath = blankToEmpty(caPath);
        clientCert = blankToEmpty(clientCert);
        clientKey = blankToEmpty(clientKey);
        if (clientCert.isEmpty() != clientKey.isEmpty()) {
            throw new IllegalArgumentException("mTLS needs both client_cert and client_key (got "
                    + (clientCert.isEmpty() ? "only client_key" : "only client_cert") + ")");
        }
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.trim();
    }

    /** True if a client certificate is configured. */
    public boolean mutual() {
        return !clientCert.isEmpty();
    }

    /**
     * Builds the SSL context: the configured CAs (or the JDK's trust store if none), and the
     * client key if configured.
     *
     * @throws IOException naming the file that cannot be used
     */
    public SSLContext sslContext() throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers(), trustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private TrustManager[] trustManagers() throws IOException, GeneralSecurityException {
        if (insecure) {
            return new TrustManager[] {new TrustAnyServer()};
        }
        List<X509Certificate> cas = new ArrayList<>();
        if (!caCert.isEmpty()) {
            cas.addAll(Pem.certificates(Path.of(caCert)));
        }
        if (!caBundle.isEmpty()) {
            cas.addAll(Pem.certificates(Path.of(caBundle)));
        }
        if (!caPath.isEmpty()) {
            cas.addAll(directory(Path.of(caPath)));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (cas.isEmpty() && caCert.isEmpty() && caBundle.isEmpty() && caPath.isEmpty()) {
            tmf.init((KeyStore) null); // the JDK's trust store
        } else {
            if (cas.isEmpty()) {
                throw new IOException("ca_path " + caPath + " holds no PEM certificate");
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                ks.setCertificateEntry("ca" + i, cas.get(i));
            }
            tmf.init(ks);
        }
        return tmf.getTrustManagers();
    }

    private static List<X509Certificate> directory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("ca_path " + dir + " is not a directory");
        }
        List<X509Certificate> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                String n = f.getFileName().toString();
                // OpenSSL's hashed names (abcd1234.0) are links to the .pem/.crt files: skip them
                if (Files.isRegularFile(f) && (n.endsWith(".pem") || n.endsWith(".crt"))) {
                    try {
                        out.addAll(Pem.certificates(f));
                    } catch (IOException e) {
                        // a directory like /etc/ssl/certs may hold files that are not certificates
                    }
                }
            }
        }
        return out;
    }

    private KeyManager[] keyManagers() throws IOException, GeneralSecurityException {
        if (!mutual()) {
            return null;
        }
        List<X509Certificate> chain = Pem.certificates(Path.of(clientCert));
        PrivateKey key = Pem.privateKey(Path.of(clientKey));
        if (!chain.get(0).getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
            throw new IOException("client_key " + clientKey + " (" + key.getAlgorithm()
                    + ") does not match client_cert " + clientCert + " (" + chain.get(0).getPublicKey().getAlgorithm() + ")");
        }
        char[] pass = "vigil".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", key, pass, chain.toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pass);
        return kmf.getKeyManagers();
    }
}
