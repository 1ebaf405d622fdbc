package io.vigil.output.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.output.support.testing.TestPki;

/** Keys in every shape openssl writes them (needs Debian's openssl). */
class PemTest {

    @TempDir
    Path dir;

    @Test
    void readsPkcs8Pkcs1AndSec1KeysWrittenByOpenssl() throws Exception {
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", "rsa8.pem");
        openssl("rsa", "-in", "rsa8.pem", "-traditional", "-out", "rsa1.pem");
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", "ec1.pem"); // EC PARAMETERS + EC PRIVATE KEY
        openssl("pkcs8", "-topk8", "-nocrypt", "-in", "ec1.pem", "-out", "ec8.pem");
        assertTrue(Files.readString(dir.resolve("rsa1.pem")).contains("BEGIN RSA PRIVATE KEY"));
        assertTrue(Files.readString(dir.resolve("ec1.pem")).contains("BEGIN EC PRIVATE KEY"));

        PrivateKey rsa8 = Pem.privateKey(dir.resolve("rsa8.pem"));
        PrivateKey rsa1 = Pem.privateKey(dir.resolve("rsa1.pem"));
        assertEquals(((RSAPrivateCrtKey) rsa8).getPrivateExponent(), ((RSAPrivateCrtKey) rsa1).getPrivateExponent());
        PrivateKey ec1 = Pem.privateKey(dir.resolve("ec1.pem"));
        PrivateKey ec8 = Pem.privateKey(dir.resolve("ec8.pem"));
        assertEquals(((ECPrivateKey) ec8).getS(), ((ECPrivateKey) ec1).getS());
    }

    @Test
    void encryptedKeysAreRefusedWithTheCommandThatFixesThem() throws Exception {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes256", "-pass",
                "pass:secret", "-out", "enc.pem");
        IOException e = assertThrows(IOException.class, () -> Pem.privateKey(dir.resolve("enc.pem")));
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e.getMessage());
    }

    @Test
    void readsCertificateChainsAndNamesFilesThatAreNot() throws Exception {
        TestPki pki = TestPki.get();
        assertEquals(2, Pem.certificates(pki.serverCertPem).size());
        Path junk = dir.resolve("junk.pem");
        Files.writeString(junk, "hello");
        IOException e = assertThrows(IOException.class, () -> Pem.certificates(junk));
        assertTrue(e.getMessage().startsWith(junk.toString()), e.getMessage());
        IOException missing = assertThrows(IOException.class, () -> Pem.privateKey(dir.resolve("nope.pem")));
        assertTrue(missing.getMessage().contains("nope.pem"), missing.getMessage());
    }

    @Test
    void mtlsNeedsBothHalvesAndMatchingKey() throws Exception {
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", "rsa8.pem");
        TestPki pki = TestPki.get();
        IllegalArgumentException half = assertThrows(IllegalArgumentException.class,
                () -> new TlsSettings(false, "", "", "", pki.clientCertPem.toString(), ""));
        assertTrue(half.getMessage().contains("client_key"), half.getMessage());
                IOException mismatch = assertThrows(IOException.class, () -> new TlsSettings(false, pki.caPem.toString(),
                "", "", pki.clientCertPem.toString(), dir.resolve("rsa8.pem").toString()).sslContext());
        assertTrue(mismatch.getMessage().contains("does not match"), mismatch.getMessage());
    }

    private void openssl(String... args) throws IOException {
        TestPki.openssl(dir, args);
    }
}
