package dev.commerceauth.emulator.internal;

/**
 * Reason phrases and Commerce-Layer-style codes of HTTP statuses, for error bodies.
 */
final class HttpStatus {

    private HttpStatus() {
    }

    /**
     * The reason phrase.
     *
     * @param status the status
     * @return e.g. {@code Service Unavailable}
     */
    static String reason(int status) {
        switch (status) {
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 408: return "Request Timeout";
            case 409: return "Conflict";
            case 413: return "Payload Too Large";
            case 415: return "Unsupported Media Type";
            case 422: return "Unprocessable Entity";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return "HTTP " + status;
        }
    }

    /**
     * An upper-snake-case code of the reason, as Commerce Layer writes it.
     *
     * @param status the status
     * @return e.g. {@code SERVICE_UNAVAILABLE}
     */
    static String code(int status) {
        return reason(status).toUpperCase(java.util.Locale.ROOT).replace(' ', '_');
    }
}
