package io.vigil.output.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM files with the JDK alone: X.509 certificates, and unencrypted private keys in
 * PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY})
 * form, the three shapes openssl writes.
 */
public final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final byte[] OID_RSA = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] OID_EC = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private Pem() {
    }

    /** Every certificate in a PEM file (a CA bundle may hold many). */
    public static List<X509Certificate> certificates(Path file) throws IOException {
        byte[] bytes = read(file, "certificate");
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            List<X509Certificate> out = new ArrayList<>();
            for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IOException(file + ": no PEM certificate (-----BEGIN CERTIFICATE-----) found");
            }
            return out;
        } catch (CertificateException e) {
            throw new IOException(file + ": not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    /** The first private key in a PEM file. */
    public static PrivateKey privateKey(Path file) throws IOException {
        String text = new String(read(file, "private key"), StandardCharsets.US_ASCII);
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": the " + type + " block is not valid base64");
            }
            switch (type) {
                case "PRIVATE KEY":
                    return pkcs8(file, der);
                case "RSA PRIVATE KEY":
                    return pkcs8(file, wrap(OID_RSA, new byte[] {0x05, 0x00}, der));
                case "EC PRIVATE KEY":
                    return pkcs8(file, wrap(OID_EC, ecCurve(file, der), der));
                case "ENCRYPTED PRIVATE KEY":
                    throw new IOException(file + ": the private key is encrypted; write it unencrypted with "
                            + "'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8' and protect the file instead");
                default:
                    // e.g. EC PARAMETERS before the key: skip
            }
        }
        throw new IOException(file + ": no PEM private key (-----BEGIN PRIVATE KEY-----) found");
    }

    private static byte[] read(Path file, String what) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException("cannot read " + what + " file " + file + ": " + e, e);
        }
    }

    private static PrivateKey pkcs8(Path file, byte[] der) throws IOException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IOException(file + ": the private key is neither RSA, EC nor EdDSA");
    }

    /** PKCS#8 PrivateKeyInfo: SEQUENCE { 0, SEQUENCE { algorithm, parameters }, OCTET STRING key }. */
    private static byte[] wrap(byte[] algorithmOid, byte[] parameters, byte[] key) {
        ByteArrayOutputStream alg = new ByteArrayOutputStream();
        alg.writeBytes(algorithmOid);
        alg.writeBytes(parameters);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(tlv(0x30, alg.toByteArray()));
        body.writeBytes(tlv(0x04, key));
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    /** The named-curve OID from SEC1's ECPrivateKey { version, key, [0] parameters, [1] public }. */
    private static byte[] ecCurve(Path file, byte[] sec1) throws IOException {
        Der seq = new Der(sec1, 0);
        Der inner = new Der(sec1, seq.valueStart);
        int end = seq.valueStart + seq.length;
        int pos = seq.valueStart;
        while (pos < end) {
            inner = new Der(sec1, pos);
            if (inner.tag == 0xa0) {
                Der oid = new Der(sec1, inner.valueStart);
                byte[] out = new byte[oid.valueStart - inner.valueStart + oid.length];
                System.arraycopy(sec1, inner.valueStart, out, 0, out.length);
                return out;
            }
            pos = inner.valueStart + inner.length;
        }
        throw new IOException(file + ": the EC private key names no curve; write it as PKCS#8 with "
                + "'openssl pkcs8 -topk8 -nocrypt'");
    }

    /** One DER tag-length header. */
    private static final class Der {
        final int tag;
        final int length;
        final int valueStart;

        Der(byte[] b, int at) throws IOException {
            if (at + 2 > b.length) {
                throw new IOException("truncated DER");
            }
            tag = b[at] & 0xff;
            int l = b[at + 1] & 0xff;
            int p = at + 2;
            if (l >= 0x80) {
                int n = l & 0x7f;
                l = 0;
                for (int i = 0; i < n; i++) {
                    l = (l << 8) | (b[p++] & 0xff);
                }
            }
            length = l;
            valueStart = p;
            if (valueStart + length > b.length) {
                throw new IOException("truncated DER");
            }
        }
    }
}
