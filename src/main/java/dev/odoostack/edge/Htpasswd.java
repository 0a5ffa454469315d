package dev.odoostack.edge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * An htpasswd line for Traefik's basic auth, in Apache's APR1 (salted MD5-crypt) format. The salt is derived
 * from the user and password, so the same secret gives the same line and an unchanged password shows no diff.
 */
public final class Htpasswd {
    private static final String ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String MAGIC = "$apr1$";

    private Htpasswd() {
    }

    public static String line(String user, String password) {
        return user + ":" + apr1(password, salt(user, password));
    }

    static String salt(String user, String password) {
        byte[] h = sha256((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            s.append(ITOA64.charAt(h[i] & 0x3f));
        }
        return s.toString();
    }

    /** Apache's apr_md5_encode, as {@code openssl passwd -apr1 -salt SALT PASSWORD} computes it. */
    static String apr1(String password, String salt) {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        byte[] sl = salt.getBytes(StandardCharsets.UTF_8);
        MessageDigest ctx = md5();
        ctx.update(pw);
        ctx.update(MAGIC.getBytes(StandardCharsets.UTF_8));
        ctx.update(sl);
        MessageDigest alt = md5();
        alt.update(pw);
        alt.update(sl);
        alt.update(pw);
        byte[] fin = alt.digest();
        for (int left = pw.length; left > 0; left -= 16) {
            ctx.update(fin, 0, Math.min(16, left));
        }
        for (int i = pw.length; i != 0; i >>>= 1) {
            if ((i & 1) != 0) {
                ctx.update((byte) 0);
            } else {
                ctx.update(pw, 0, 1);
            }
        }
        fin = ctx.digest();
        for (int i = 0; i < 1000; i++) {
            MessageDigest c = md5();
            if ((i & 1) != 0) {
                c.update(pw);
            } else {
                c.update(fin);
            }
            if (i % 3 != 0) {
                c.update(sl);
            }
            if (i % 7 != 0) {
                c.update(pw);
            }
            if ((i & 1) != 0) {
                c.update(fin);
            } else {
                c.update(pw);
            }
            fin = c.digest();
        }
        StringBuilder out = new StringBuilder(MAGIC).append(salt).append('$');
        int[][] groups = {{0, 6, 12}, {1, 7, 13}, {2, 8, 14}, {3, 9, 15}, {4, 10, 5}};
        for (int[] g : groups) {
            to64(out, ((fin[g[0]] & 0xff) << 16) | ((fin[g[1]] & 0xff) << 8) | (fin[g[2]] & 0xff), 4);
        }
        to64(out, fin[11] & 0xff, 2);
        return out.toString();
    }

    private static void to64(StringBuilder out, int v, int n) {
        for (int i = 0; i < n; i++) {
            out.append(ITOA64.charAt(v & 0x3f));
            v >>>= 6;
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
