package dev.anneal.access;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The text of an API token: {@code anl_}, 32 random bytes in base62 (43 characters), and a 6-character base62
 * checksum of them. The checksum lets a mistyped or truncated token be told apart from one that was revoked, without
 * asking the database; the prefix lets secret scanners find leaked tokens.
 */
final class TokenText {

    static final String PREFIX = "anl_";
    private static final int RANDOM_BYTES = 32;
    private static final int BODY_LENGTH = 43; // 62^43 > 2^256
    private static final int CHECKSUM_LENGTH = 6; // 62^6 > 2^32
    static final int LENGTH = PREFIX.length() + BODY_LENGTH + CHECKSUM_LENGTH;
    /** How much of a token lists show: the prefix and a few characters, never enough to use it. */
    static final int SHOWN = PREFIX.length() + 6;

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private TokenText() {}

    /** A new token from {@code random}. */
    static String generate(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        String body = base62(new BigInteger(1, bytes), BODY_LENGTH);
        return PREFIX + body + checksum(body);
    }

    /** What is wrong with {@code text} as a token, if anything, in words a user can act on. */
    static Optional<String> problemWith(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            return Optional.of("not an Anneal token: tokens start with " + PREFIX);
        }
        if (text.length() != LENGTH) {
            return Optional.of(
                    "the token has %d characters, not %d: it was cut or mistyped".formatted(text.length(), LENGTH));
        }
        for (char c : text.substring(PREFIX.length()).toCharArray()) {
            if (value(c) < 0) {
                return Optional.of("the token holds a character no token has: it was mistyped");
            }
        }
        String body = text.substring(PREFIX.length(), PREFIX.length() + BODY_LENGTH);
        if (!checksum(body).equals(text.substring(PREFIX.length() + BODY_LENGTH))) {
            return Optional.of("the token's checksum does not match: it was mistyped");
        }
        return Optional.empty();
    }

    /** The SHA-256 of the token's text: what is stored, and what a request's token is looked up by. */
    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static String checksum(String body) {
        var crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        return base62(BigInteger.valueOf(crc.getValue()), CHECKSUM_LENGTH);
    }

    private static String base62(BigInteger value, int length) {
        var digits = new char[length];
        var base = BigInteger.valueOf(ALPHABET.length);
        for (int i = length - 1; i >= 0; i--) {
            var divided = value.divideAndRemainder(base);
            digits[i] = ALPHABET[divided[1].intValue()];
            value = divided[0];
        }
        return new String(digits);
    }

    private static int value(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
        if (c >= 'a' && c <= 'z') return c - 'a' + 36;
        return -1;
    }
}
