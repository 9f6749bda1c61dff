package dev.commerceauth.core.internal;

import com.google.gson.JsonObject;
import java.util.regex.Pattern;

/**
 * Internal: the first entry of a JSON:API {@code errors} answer, as an {@link ErrorDialect} reads
 * it: {@code {"code":"…","status":"…","title":"…","detail":"…","meta":{…}}}. Strings and numbers
 * are read as text; any member may be missing.
 */
public final class ErrorEntry {

    private static final Pattern OAUTH_CODE = Pattern.compile("[a-z]+(_[a-z]+)+");

    private final JsonObject entry;

    ErrorEntry(JsonObject entry) {
        this.entry = entry;
    }

    /**
     * Whether a text has the form of an OAuth 2.0 error code: lower-case words joined by
     * underscores, for example {@code invalid_client}.
     *
     * @param text the text, may be null
     * @return whether it has that form
     */
    public static boolean isOAuthErrorCode(String text) {
        return text != null && OAUTH_CODE.matcher(text).matches();
    }

    /**
     * The provider's error code.
     *
     * @return {@code code}, or null
     */
    public String code() {
        return Json.string(entry, "code");
    }

    /**
     * The HTTP status the entry names.
     *
     * @return {@code status} as text, or null
     */
    public String status() {
        return Json.string(entry, "status");
    }

    /**
     * The short description.
     *
     * @return {@code title}, or null
     */
    public String title() {
        return Json.string(entry, "title");
    }

    /**
     * The long description.
     *
     * @return {@code detail}, or null
     */
    public String detail() {
        return Json.string(entry, "detail");
    }

    /**
     * An integral number nested in objects, for example {@code number("meta", "parameters",
     * "seconds")}; a string of digits counts too.
     *
     * @param path the member names, outermost first; at least one
     * @return the number, or null if a member is missing or not an integral number
     */
    public Long number(String... path) {
        JsonObject o = entry;
        for (int i = 0; i < path.length - 1; i++) {
            o = Json.object(o, path[i]);
        }
        return Json.longValue(o, path[path.length - 1]);
    }
}
