package dev.commerceauth.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scanner of {@link SecretsScanTest} can fail: each encoded form of a secret, written out by
 * hand here (not by the scanner's own encoders), is found inside ordinary text, and text with only
 * near misses is clean.
 */
class SecretScannerTest {

    /** Every character that some encoding changes: / + = & < ' " and a space. */
    static final String SECRET = "S/+=&<'\" 9";
    static final String ID = "scan id";

    static SecretScanner scanner() {
        return new SecretScanner().secret("test secret", SECRET).basic("test client", ID, SECRET);
    }

    static Stream<Named<String>> encodedForms() {
        return Stream.of(
                Named.of("as is", SECRET),
                Named.of("URL-encoded (form, + for a space)", "S%2F%2B%3D%26%3C%27%22+9"),
                Named.of("URL-encoded (%20 for a space)", "S%2F%2B%3D%26%3C%27%22%209"),
                Named.of("URL-encoded (lower-case hex)", "S%2f%2b%3d%26%3c%27%22+9"),
                Named.of("JSON-escaped by Gson (HTML-safe)", "S/+\\u003d\\u0026\\u003c\\u0027\\\" 9"),
                Named.of("JSON-escaped, every character \\uXXXX",
                        "\\u0053\\u002f\\u002b\\u003d\\u0026\\u003c\\u0027\\u0022\\u0020\\u0039"),
                Named.of("JSON-escaped, every character \\uXXXX, upper-case hex",
                        "\\u0053\\u002F\\u002B\\u003D\\u0026\\u003C\\u0027\\u0022\\u0020\\u0039"),
                Named.of("JSON-escaped with \\/", "S\\/+=&<'\\\" 9"),
                Named.of("JSON-escaped, a mix of forms", "S\\/+\\u003d&\\u003C'\\\" 9"),
                Named.of("URL-encoded inside a JSON string", "S%2F%2B%3D%26%3C%27\\u0022+9"),
                Named.of("Basic base64(id:secret)", "Basic c2NhbiBpZDpTLys9JjwnIiA5"),
                Named.of("Basic base64(urlencode(id):urlencode(secret))", "Basic c2NhbitpZDpTJTJGJTJCJTNEJTI2JTNDJTI3JTIyKzk="),
                Named.of("Basic base64(urlencode(id):urlencode(secret)), padding stripped",
                        "Basic c2NhbitpZDpTJTJGJTJCJTNEJTI2JTNDJTI3JTIyKzk"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodedForms")
    void findsEachEncodedForm(String form) {
        for (String text : new String[] {
            form,
            "{\"error\":\"invalid_client\",\"error_description\":\"echo: " + form + " (rejected)\"}",
            "java.io.IOException: unexpected status line: HTTP/1.1 200 " + form + "\n\tat okhttp3.Foo.bar(Foo.java:1)",
            "Authorization=" + form + "&next=1",
        }) {
            List<String> hits = scanner().scan("capture", text);
            assertFalse(hits.isEmpty(), () -> "no hit in: " + text);
            assertTrue(hits.get(0).contains("in capture"), hits.get(0));
            for (String hit : hits) {
                assertFalse(hit.contains(SECRET), "a hit never prints the secret: " + hit);
            }
        }
    }

    @Test
    void nearMissesAreClean() {
        String text = "client " + ID + " with secret S/+=&<'\" 8 (last character differs), S%2F%2B%3D%26 (cut short),"
                + " \\u0053\\u002f\\u002b (cut short), Basic c2NhbiBpZDpTLys9Jjwn (cut short), 'S/+=&<' \" 9";
        assertEquals(List.of(), scanner().scan("capture", text));
    }

    @Test
    void aHitNamesTheKindAndTheForm() {
        List<String> hits = scanner().scan("log record", "x S%2F%2B%3D%26%3C%27%22+9 y");
        assertTrue(hits.stream().anyMatch(h -> h.startsWith("test secret (URL-encoded) in log record")), hits::toString);
        hits = scanner().scan("stack trace", "Basic c2NhbiBpZDpTLys9JjwnIiA5");
        assertTrue(hits.stream().anyMatch(h -> h.startsWith("test client (Basic base64(id:secret)) in stack trace")), hits::toString);
    }
}
