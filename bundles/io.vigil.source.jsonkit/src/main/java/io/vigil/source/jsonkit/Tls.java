package io.vigil.source.jsonkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Server TLS contexts from a key store (PKCS#12 or JKS) or, as Falco's webhook takes it, from
 * one PEM file holding the certificate chain and an unencrypted PKCS#8 private key.
 */
public final class Tls {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private Tls() {
    }

    /**
     * A server context from {@code file}: PEM if the file is PEM text, else a key store
     * opened with {@code password}.
     *
     * @throws IOException naming the file and what is wrong with it
     */
    public static SSLContext serverContext(Path file, String password) throws IOException {
        char[] pw = password == null ? new char[0] : password.toCharArray();
        try {
            byte[] bytes = Files.readAllBytes(file);
            KeyStore ks;
            String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.US_ASCII);
            if (head.contains("-----BEGIN ")) {
                ks = fromPem(file, new String(bytes, StandardCharsets.US_ASCII), pw);
            } else {
                ks = KeyStore.getInstance(file.toFile(), pw);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + ": cannot use as TLS key and certificate: " + e.getMessage(), e);
        }
    }

    private static KeyStore fromPem(Path file, String text, char[] pw) throws GeneralSecurityException, IOException {
        List<Certificate> chain = new ArrayList<>();
        PrivateKey key = null;
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (m.group(1)) {
                case "CERTIFICATE" -> chain.add(cf.generateCertificate(new ByteArrayInputStream(der)));
                case "PRIVATE KEY" -> key = pkcs8(der);
                default -> throw new GeneralSecurityException("unsupported PEM block '" + m.group(1)
                        + "': use a certificate and an unencrypted PKCS#8 key (BEGIN PRIVATE KEY; convert with "
                        + "'openssl pkcs8 -topk8 -nocrypt')");
            }
        }
        if (key == null || chain.isEmpty()) {
            throw new GeneralSecurityException("needs a CERTIFICATE and a PRIVATE KEY block");
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("webhook", key, pw, chain.toArray(new Certificate[0]));
        return ks;
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("private key is not RSA, EC or Ed25519 PKCS#8", last);
    }
}
