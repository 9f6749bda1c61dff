package dev.commerceauth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.Scope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The loops of {@link Ascii} (and {@link Scope#parse}) replaced regular expressions; each is
 * checked here against the expression it replaced, on edge cases and on random strings drawn from
 * an alphabet that mixes allowed and refused characters.
 */
class AsciiTest {

    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    private static final Pattern VISIBLE = Pattern.compile("[\\x21-\\x7e]+");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.-]+");

    private static final String ALPHABET = "aZ09-._~+/=_ \t\n\u000B\f\r\u0000\u001f\u007f\u00e9\u2028\"%:,;@*";

    @Test
    void edgeCases() {
        assertTrue(Ascii.isB64Token("a"));
        assertTrue(Ascii.isB64Token("eyJ.x-y_z~+/=="));
        assertFalse(Ascii.isB64Token(""));
        assertFalse(Ascii.isB64Token("=="));
        assertFalse(Ascii.isB64Token("ab=c"));
        assertFalse(Ascii.isB64Token("a b"));
        assertFalse(Ascii.isB64Token("t\u00e9st"));
        assertTrue(Ascii.isVisible("!~", 2));
        assertFalse(Ascii.isVisible("!~!", 2));
        assertFalse(Ascii.isVisible("", 2));
        assertFalse(Ascii.isVisible("a\u007f", 10));
        assertTrue(Ascii.isAlphanumeric("xYZkjABcde", "_-", 128));
        assertFalse(Ascii.isAlphanumeric("a.b", "_-", 128));
        assertTrue(Ascii.isAlphanumeric("a.b", "_-.", 128));
        assertFalse(Ascii.isAlphanumeric("", "_-", 128));
    }

    @Test
    void agreeWithTheRegularExpressionsTheyReplaced() {
        for (String s : corpus()) {
            String shown = Arrays.toString(s.toCharArray());
            assertEquals(B64TOKEN.matcher(s).matches(), Ascii.isB64Token(s), () -> "b64token " + shown);
            assertEquals(VISIBLE.matcher(s).matches(), Ascii.isVisible(s, Integer.MAX_VALUE), () -> "visible " + shown);
            assertEquals(s.length() <= 3 && VISIBLE.matcher(s).matches(), Ascii.isVisible(s, 3), () -> "max 3 " + shown);
            assertEquals(s.isEmpty() || VISIBLE.matcher(s).matches(), Ascii.hasOnlyVisible(s), () -> "only " + shown);
            assertEquals(ID.matcher(s).matches(), Ascii.isAlphanumeric(s, "_-", Integer.MAX_VALUE), () -> "id " + shown);
            assertEquals(CODE.matcher(s).matches(), Ascii.isAlphanumeric(s, "_-.", Integer.MAX_VALUE), () -> "code " + shown);
        }
    }

    @Test
    void scopeParseSplitsLikeTheRegularExpressionItReplaced() {
        for (String s : corpus()) {
            Set<String> expected = new LinkedHashSet<>();
            if (!s.trim().isEmpty()) {
                for (String part : s.trim().split("\\s+")) {
                    if (!part.isEmpty()) {
                        expected.add(part);
                    }
                }
            }
            assertEquals(new ArrayList<>(expected), new ArrayList<>(Scope.parse(s).values()),
                    () -> "parse " + Arrays.toString(s.toCharArray()));
        }
    }

    private static List<String> corpus() {
        List<String> all = new ArrayList<>(Arrays.asList("", " ", "=", "a", "a=", "=a", "a==", "a=b", " a ", "a  b",
                "\ta\nb\r", "a\u0001b", "\u0001a", "a\u000Bb", "a\u00a0b"));
        Random random = new Random(20261123L);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(8);
            for (int j = 0; j < n; j++) {
                b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            all.add(b.toString());
        }
        return all;
    }
}
