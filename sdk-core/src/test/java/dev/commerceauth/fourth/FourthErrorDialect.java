package dev.commerceauth.fourth;

import dev.commerceauth.core.internal.ErrorDialect;
import dev.commerceauth.core.internal.ErrorEntry;
import java.time.Duration;
import okhttp3.Headers;

/** The fourth provider's error codes ({@code AUTH-401}, {@code SLOW-429}) and its {@code X-Fourth-Wait} header. */
final class FourthErrorDialect implements ErrorDialect {

    @Override
    public String oauthError(ErrorEntry entry) {
        String code = entry.code();
        if ("AUTH-401".equals(code)) {
            return "invalid_client";
        }
        return "SLOW-429".equals(code) ? "too_many_requests" : null;
    }

    @Override
    public Duration headerWait(Headers headers) {
        String seconds = headers.get("X-Fourth-Wait");
        return seconds == null ? null : Duration.ofSeconds(Long.parseLong(seconds));
    }
}
