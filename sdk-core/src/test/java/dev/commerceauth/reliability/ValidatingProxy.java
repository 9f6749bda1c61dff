package dev.commerceauth.reliability;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A contract-checking man in the middle: a {@link MockWebServer} whose dispatcher forwards every
 * request unchanged to the emulator (plain OkHttp, no redirects, no retries), then validates the
 * request <em>and</em> the emulator's response against the spec of the dialect the path belongs to
 * ({@link Specs}), records every violation, and hands the emulator's response back to the SDK.
 *
 * <p>Point the SDK's clients at {@link #url(String)} instead of the emulator and call
 * {@link #assertNoViolations()} after the test. A request whose path belongs to no spec is a
 * violation too, so a test cannot route traffic past the check by accident.
 */
final class ValidatingProxy implements AutoCloseable {

    /** Hop-by-hop and recomputed headers: not forwarded and not validated. */
    private static final Set<String> SKIPPED = Set.of("host", "content-length", "connection", "transfer-encoding",
            "accept-encoding", "keep-alive");

    /** One validated exchange. */
    static final class Exchange {
        final String method;
        final String path;
        final int status;
        final ValidationReport report;

        Exchange(String method, String path, int status, ValidationReport report) {
            this.method = method;
            this.path = path;
            this.status = status;
            this.report = report;
        }

        @Override
        public String toString() {
            return method + " " + path + " -> " + status;
        }
    }

    private final HttpUrl target;
    private final MockWebServer server = new MockWebServer();
    private final OkHttpClient forwarder = new OkHttpClient.Builder()
            .followRedirects(false).followSslRedirects(false).retryOnConnectionFailure(false)
            .readTimeout(30, TimeUnit.SECONDS).build();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<String> responseBodies = new CopyOnWriteArrayList<>();

    /** Starts a proxy in front of {@code targetBaseUrl} (the emulator's {@code baseUrl()}). */
    ValidatingProxy(String targetBaseUrl) throws IOException {
        this.target = HttpUrl.get(targetBaseUrl);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return forward(request);
            }
        });
        server.start();
    }

    /** The proxy's URL for a path of the emulator, e.g. {@code /sellytics/realms/...}. */
    String url(String path) {
        return server.url(path).toString();
    }

    /** Rewrites one of the emulator's URLs to go through the proxy. */
    String via(String emulatorUrl) {
        HttpUrl u = HttpUrl.get(emulatorUrl);
        return server.url(u.encodedPath()).toString();
    }

    List<Exchange> exchanges() {
        return Collections.unmodifiableList(new ArrayList<>(exchanges));
    }

    /** Every response body the emulator returned through this proxy (for harvesting issued tokens). */
    List<String> responseBodies() {
        return Collections.unmodifiableList(new ArrayList<>(responseBodies));
    }

    List<String> violations() {
        return Collections.unmodifiableList(new ArrayList<>(violations));
    }

    void clear() {
        exchanges.clear();
        violations.clear();
    }

    /** Fails with the validator's report unless every exchange so far matched its spec. */
    void assertNoViolations() {
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " contract violation(s):\n" + String.join("\n", violations));
        }
    }

    private MockResponse forward(RecordedRequest recorded) {
        String method = recorded.getMethod();
        HttpUrl incoming = recorded.getRequestUrl();
        String path = incoming.encodedPath();
        byte[] body = recorded.getBody().readByteArray();
        String contentType = recorded.getHeader("Content-Type");

        okhttp3.Request.Builder out = new okhttp3.Request.Builder()
                .url(target.newBuilder().encodedPath(path).encodedQuery(incoming.encodedQuery()).build());
        Headers headers = recorded.getHeaders();
        for (int i = 0; i < headers.size(); i++) {
            if (!SKIPPED.contains(headers.name(i).toLowerCase(Locale.ROOT))) {
                out.addHeader(headers.name(i), headers.value(i));
            }
        }
        boolean hasBody = body.length > 0 || !("GET".equals(method) || "HEAD".equals(method));
        out.method(method, hasBody ? RequestBody.create(contentType == null ? null : MediaType.parse(contentType), body) : null);

        int status;
        Headers responseHeaders;
        byte[] responseBody;
        try (Response r = forwarder.newCall(out.build()).execute()) {
            status = r.code();
            responseHeaders = r.headers();
            ResponseBody rb = r.body();
            responseBody = rb == null ? new byte[0] : rb.bytes();
        } catch (IOException e) {
            violations.add(method + " " + path + ": emulator unreachable: " + e);
            return new MockResponse().setResponseCode(599);
        }

        responseBodies.add(new String(responseBody, StandardCharsets.UTF_8));
        try {
            validate(method, path, incoming, headers, body, status, responseHeaders, responseBody);
        } catch (Throwable t) { // never leave the SDK waiting on a dispatcher that died
            violations.add(method + " " + path + " -> " + status + ": validator failed: " + t);
        }

        MockResponse answer = new MockResponse().setResponseCode(status);
        for (int i = 0; i < responseHeaders.size(); i++) {
            if (!SKIPPED.contains(responseHeaders.name(i).toLowerCase(Locale.ROOT))) {
                answer.addHeader(responseHeaders.name(i), responseHeaders.value(i));
            }
        }
        return answer.setBody(new okio.Buffer().write(responseBody));
    }

    private void validate(String method, String path, HttpUrl incoming, Headers headers, byte[] body, int status,
            Headers responseHeaders, byte[] responseBody) {
        String prefix = Specs.prefixOf(path);
        if (prefix == null) {
            violations.add(method + " " + path + " -> " + status + ": path belongs to no spec in openapi/");
            return;
        }
        SimpleRequest.Builder rq = new SimpleRequest.Builder(Request.Method.valueOf(method), path);
        for (String name : headers.names()) {
            if (!SKIPPED.contains(name.toLowerCase(Locale.ROOT))) {
                rq.withHeader(name, headers.values(name));
            }
        }
        for (String name : incoming.queryParameterNames()) {
            rq.withQueryParam(name, incoming.queryParameterValues(name));
        }
        if (body.length > 0) {
            rq.withBody(new String(body, StandardCharsets.UTF_8));
        }
        SimpleResponse.Builder rs = new SimpleResponse.Builder(status);
        for (String name : responseHeaders.names()) {
            if (!SKIPPED.contains(name.toLowerCase(Locale.ROOT))) {
                rs.withHeader(name, responseHeaders.values(name));
            }
        }
        if (responseBody.length > 0) {
            rs.withBody(new String(responseBody, StandardCharsets.UTF_8));
        }
        ValidationReport report = Specs.validator(prefix).validate(rq.build(), rs.build());
        Exchange exchange = new Exchange(method, path, status, report);
        exchanges.add(exchange);
        if (report.hasErrors()) {
            violations.add(exchange + ":\n" + Specs.format(report));
        }
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
        forwarder.dispatcher().executorService().shutdown();
        forwarder.connectionPool().evictAll();
    }
}
