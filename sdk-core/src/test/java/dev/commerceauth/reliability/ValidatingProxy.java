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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import okhttp3.mockwebserver.SocketPolicy;

/**
 * A contract-checking man in the middle: a {@link MockWebServer} whose dispatcher forwards every
 * request unchanged to the emulator (plain OkHttp, no redirects, no retries), hands the emulator's
 * response back to the SDK, and validates the request <em>and</em> the response against the spec
 * of the dialect the path belongs to ({@link Specs}), recording every violation. Validation runs on
 * a thread of its own after the answer is handed back (so it adds no latency to the SDK's
 * requests); every accessor first waits until each exchange received so far has been validated.
 *
 * <p>Point the SDK's clients at {@link #via(String)} instead of the emulator and call
 * {@link #assertNoViolations()} after the test. A request whose path belongs to no spec is a
 * violation too, so a test cannot route traffic past the check by accident.
 *
 * <p><b>Injected faults.</b> A proxy made with {@link #allowingInjectedFaults(String)} sits in front
 * of an emulator whose {@code faults()} plan is used. The emulator's injected answers are off-spec by
 * design, so for exactly these three the request is still validated but the answer is not; each is
 * recorded in {@link #injected()} (tests assert their number against the faults they queued):
 * <ul>
 *   <li>{@code failNext}: the status with the emulator's error body whose text is
 *       {@value #INJECTED_MARKER} followed by the status' reason phrase;</li>
 *   <li>{@code malformedNext}: 200 with exactly the emulator's truncated token body
 *       ({@link #TRUNCATED_JSON});</li>
 *   <li>{@code dropNext}: the emulator closed the connection without an answer; the proxy closes the
 *       SDK's connection the same way.</li>
 * </ul>
 * A strict proxy (the constructor) counts each of these as a violation. A {@code delayNext} answer
 * is an ordinary answer and is validated.
 */
final class ValidatingProxy implements AutoCloseable {

    /** The text that starts the description of every answer of the emulator's {@code failNext}. */
    static final String INJECTED_MARKER = "Injected fault: ";

    /** The body of the emulator's {@code malformedNext} answer (its {@code DialectHandler.TRUNCATED_JSON}). */
    static final String TRUNCATED_JSON = "{\"access_token\":\"eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJz";

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
    private final boolean faultsAllowed;
    private final MockWebServer server = new MockWebServer();
    private final OkHttpClient forwarder = new OkHttpClient.Builder()
            .followRedirects(false).followSslRedirects(false).retryOnConnectionFailure(false)
            .readTimeout(30, TimeUnit.SECONDS).build();
    private final ExecutorService validation = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "validating-proxy");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger received = new AtomicInteger();
    /** Exchanges fully handled (validated or classified); guarded by itself. */
    private final int[] settled = {0};
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<String> injected = new CopyOnWriteArrayList<>();
    private final List<String> responseBodies = new CopyOnWriteArrayList<>();

    /** Starts a strict proxy in front of {@code targetBaseUrl} (the emulator's {@code baseUrl()}). */
    ValidatingProxy(String targetBaseUrl) throws IOException {
        this(targetBaseUrl, false);
    }

    private ValidatingProxy(String targetBaseUrl, boolean faultsAllowed) throws IOException {
        this.target = HttpUrl.get(targetBaseUrl);
        this.faultsAllowed = faultsAllowed;
        for (String prefix : Specs.FILES.keySet()) {
            Specs.validator(prefix); // parse the specs before the first request, not during it
        }
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return forward(request);
            }
        });
        server.start();
    }

    /**
     * Starts a proxy that tells the emulator's injected faults apart (see the class comment) instead of
     * counting them as violations.
     */
    static ValidatingProxy allowingInjectedFaults(String targetBaseUrl) throws IOException {
        return new ValidatingProxy(targetBaseUrl, true);
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
        settle();
        return Collections.unmodifiableList(new ArrayList<>(exchanges));
    }

    /** Every response body the emulator returned through this proxy (for harvesting issued tokens). */
    List<String> responseBodies() {
        settle();
        return Collections.unmodifiableList(new ArrayList<>(responseBodies));
    }

    List<String> violations() {
        settle();
        return Collections.unmodifiableList(new ArrayList<>(violations));
    }

    /**
     * The exchanges recognised as the emulator's injected faults (their requests were validated, their
     * answers were not), e.g. {@code "POST /sellytics/... -> 503 (failNext)"}.
     */
    List<String> injected() {
        settle();
        return Collections.unmodifiableList(new ArrayList<>(injected));
    }

    /** How many requests the proxy has received. */
    int received() {
        return received.get();
    }

    void clear() {
        settle();
        exchanges.clear();
        violations.clear();
        injected.clear();
    }

    /** Fails with the validator's report unless every exchange so far matched its spec. */
    void assertNoViolations() {
        List<String> v = violations();
        if (!v.isEmpty()) {
            throw new AssertionError(v.size() + " contract violation(s):\n" + String.join("\n", v));
        }
    }

    /**
     * Waits (at most 30 s) until every request received so far has been answered (or given up on by
     * the emulator) and validated. A request whose answer the emulator still delays is waited for.
     */
    void settle() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (settled) {
            while (settled[0] < received.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the proxy still forwards " + (received.get() - settled[0])
                            + " request(s) after 30 s");
                }
                try {
                    settled.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    private void markSettled() {
        synchronized (settled) {
            settled[0]++;
            settled.notifyAll();
        }
    }

    private MockResponse forward(RecordedRequest recorded) {
        received.incrementAndGet();
        try {
            return forwardCounted(recorded);
        } catch (RuntimeException | Error e) { // never leave the SDK (or settle()) waiting on a dispatcher that died
            violations.add("the proxy failed: " + e);
            markSettled();
            return new MockResponse().setResponseCode(500);
        }
    }

    private MockResponse forwardCounted(RecordedRequest recorded) {
        String method = recorded.getMethod();
        HttpUrl incoming = recorded.getRequestUrl();
        String path = incoming.encodedPath();
        byte[] body = recorded.getBody().readByteArray();
        String contentType = recorded.getHeader("Content-Type");
        Headers headers = recorded.getHeaders();

        okhttp3.Request.Builder out = new okhttp3.Request.Builder()
                .url(target.newBuilder().encodedPath(path).encodedQuery(incoming.encodedQuery()).build());
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
            // The emulator closed the connection without an answer: close the SDK's the same way.
            later(() -> {
                if (faultsAllowed) {
                    injected.add(method + " " + path + " -> no answer (dropNext)");
                    validateRequestOnly(method, path, incoming, headers, body);
                } else {
                    violations.add(method + " " + path + ": the emulator closed the connection without an answer: " + e);
                }
            });
            return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
        }

        String text = new String(responseBody, StandardCharsets.UTF_8);
        responseBodies.add(text);
        String fault = injectedFault(status, text);
        later(() -> {
            if (fault != null && faultsAllowed) {
                injected.add(method + " " + path + " -> " + status + " (" + fault + ")");
                validateRequestOnly(method, path, incoming, headers, body);
            } else {
                validate(method, path, incoming, headers, body, status, responseHeaders, responseBody);
            }
        });

        MockResponse answer = new MockResponse().setResponseCode(status);
        for (int i = 0; i < responseHeaders.size(); i++) {
            if (!SKIPPED.contains(responseHeaders.name(i).toLowerCase(Locale.ROOT))) {
                answer.addHeader(responseHeaders.name(i), responseHeaders.value(i));
            }
        }
        return answer.setBody(new okio.Buffer().write(responseBody));
    }

    /** Names the emulator fault that produced this answer, or null for an ordinary answer. */
    private static String injectedFault(int status, String body) {
        if (status == 200 && body.equals(TRUNCATED_JSON)) {
            return "malformedNext";
        }
        if (status >= 400 && body.contains(INJECTED_MARKER)) {
            return "failNext";
        }
        return null;
    }

    /** Runs {@code check} on the validation thread; the exchange counts as settled once it has run. */
    private void later(Runnable check) {
        try {
            validation.execute(() -> {
                try {
                    check.run();
                } catch (Throwable t) {
                    violations.add("validator failed: " + t);
                } finally {
                    markSettled();
                }
            });
        } catch (RuntimeException rejected) { // closed
            markSettled();
        }
    }

    /**
     * Validates a request that a {@link MockWebServer} recorded at {@code path} below the emulator
     * prefix of its dialect (for example {@code /sellytics}) against that dialect's spec: for tests that
     * serve their own answers and want the SDK's requests checked all the same.
     */
    static ValidationReport validateRecordedRequest(String prefix, RecordedRequest recorded) {
        HttpUrl url = recorded.getRequestUrl();
        return Specs.validator(prefix).validateRequest(request(recorded.getMethod(), prefix + url.encodedPath(), url,
                recorded.getHeaders(), recorded.getBody().clone().readByteArray()));
    }

    private static SimpleRequest request(String method, String path, HttpUrl incoming, Headers headers, byte[] body) {
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
        return rq.build();
    }

    private void validateRequestOnly(String method, String path, HttpUrl incoming, Headers headers, byte[] body) {
        String prefix = Specs.prefixOf(path);
        if (prefix == null) {
            violations.add(method + " " + path + ": path belongs to no spec in openapi/");
            return;
        }
        ValidationReport report = Specs.validator(prefix).validateRequest(request(method, path, incoming, headers, body));
        if (report.hasErrors()) {
            violations.add(method + " " + path + " (request of an injected fault):\n" + Specs.format(report));
        }
    }

    private void validate(String method, String path, HttpUrl incoming, Headers headers, byte[] body, int status,
            Headers responseHeaders, byte[] responseBody) {
        String prefix = Specs.prefixOf(path);
        if (prefix == null) {
            violations.add(method + " " + path + " -> " + status + ": path belongs to no spec in openapi/");
            return;
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
        ValidationReport report = Specs.validator(prefix).validate(request(method, path, incoming, headers, body), rs.build());
        Exchange exchange = new Exchange(method, path, status, report);
        exchanges.add(exchange);
        if (report.hasErrors()) {
            violations.add(exchange + ":\n" + Specs.format(report));
        }
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
        validation.shutdown();
        forwarder.dispatcher().executorService().shutdown();
        forwarder.connectionPool().evictAll();
    }
}
