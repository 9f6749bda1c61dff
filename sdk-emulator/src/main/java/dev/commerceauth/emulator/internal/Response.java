package dev.commerceauth.emulator.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP response a handler wants to send.
 */
final class Response {

    /** The JSON content type the providers send. */
    static final String JSON = "application/json";

    private final int status;
    private final String contentType;
    private final String body;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Response(int status, String contentType, String body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    /**
     * A JSON response.
     *
     * @param status the status
     * @param value the value to write as JSON
     * @return the response
     */
    static Response json(int status, Object value) {
        return new Response(status, JSON, JsonCodec.write(value));
    }

    /**
     * A response with a raw body.
     *
     * @param status the status
     * @param contentType the content type
     * @param body the body
     * @return the response
     */
    static Response raw(int status, String contentType, String body) {
        return new Response(status, contentType, body);
    }

    /**
     * A response without body.
     *
     * @param status the status
     * @return the response
     */
    static Response empty(int status) {
        return new Response(status, null, null);
    }

    /**
     * Adds a header.
     *
     * @param name the name
     * @param value the value
     * @return this response
     */
    Response header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** @return the status */
    int status() {
        return status;
    }

    /** @return the content type, or {@code null} */
    String contentType() {
        return contentType;
    }

    /** @return the body, or {@code null} */
    String body() {
        return body;
    }

    /** @return the extra headers */
    Map<String, String> headers() {
        return headers;
    }
}
