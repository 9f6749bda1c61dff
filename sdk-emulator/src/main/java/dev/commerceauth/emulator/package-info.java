/**
 * An embeddable local server that answers like the sellytics (Keycloak), Shopware and Commerce Layer
 * token endpoints: {@link dev.commerceauth.emulator.TokenServerEmulator} (with fault injection and a
 * request log), the demo credentials it preloads ({@link dev.commerceauth.emulator.DemoCredentials}),
 * a JUnit 5 extension ({@link dev.commerceauth.emulator.TokenServerEmulatorExtension}) and a
 * standalone entry point ({@link dev.commerceauth.emulator.EmulatorMain}).
 */
package dev.commerceauth.emulator;
