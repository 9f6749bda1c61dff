package dev.commerceauth.core;

/** Lower-case hexadecimal for the store's hashed keys and random lease owners. */
final class Hex {

    private Hex() {
    }

    /**
     * Appends {@code bytes} as two lower-case hexadecimal digits each.
     *
     * @param b where to append
     * @param bytes the bytes
     * @return {@code b}
     */
    static StringBuilder append(StringBuilder b, byte[] bytes) {
        for (byte x : bytes) {
            b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return b;
    }
}
