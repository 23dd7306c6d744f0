package dev.multiverse.cli.gdb;

/** The hex encodings of the remote protocol: byte strings two digits a byte, numbers big-endian without padding. */
final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    static String encode(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            s.append(DIGITS[(b >> 4) & 0xf]).append(DIGITS[b & 0xf]);
        }
        return s.toString();
    }

    static String encode(String text) {
        return encode(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** Decodes pairs of hex digits; throws {@link NumberFormatException} on odd length or a non-digit. */
    static byte[] decode(String hex) {
        if ((hex.length() & 1) != 0) {
            throw new NumberFormatException("odd number of hex digits: " + hex);
        }
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (digit(hex.charAt(2 * i)) << 4 | digit(hex.charAt(2 * i + 1)));
        }
        return bytes;
    }

    /** A number as gdb writes addresses and lengths: big-endian hex digits, 1 to 16 of them. */
    static long number(String hex) {
        if (hex.isEmpty() || hex.length() > 16) {
            throw new NumberFormatException("not a hex number: \"" + hex + "\"");
        }
        return Long.parseUnsignedLong(hex, 16);
    }

    static String number(long value) {
        return Long.toHexString(value);
    }

    /** Two hex digits. */
    static String byteValue(int value) {
        return String.valueOf(DIGITS[(value >> 4) & 0xf]) + DIGITS[value & 0xf];
    }

    private static int digit(char c) {
        int d = Character.digit(c, 16);
        if (d < 0) {
            throw new NumberFormatException("not a hex digit: " + c);
        }
        return d;
    }
}
