/**
 * The Commerce Auth SDK's Spring Boot starter: {@link dev.commerceauth.spring.CommerceAuthProperties}
 * ({@code commerceauth.registration.<name>.*}), {@link dev.commerceauth.spring.CommerceAuthAutoConfiguration}
 * (a {@link dev.commerceauth.core.TokenProvider} bean per registration, health, metrics, sanitized secrets)
 * and the HTTP client integrations {@link dev.commerceauth.spring.BearerTokenInterceptor} (RestClient,
 * RestTemplate) and {@link dev.commerceauth.spring.BearerTokenExchangeFilter} (WebClient).
 */
package dev.commerceauth.spring;
