/**
 * Implementation of the emulator: HTTP handlers per dialect, JWT signing, JSON via Gson,
 * limiters and state. Not an API: anything here may change in any release.
 */
package dev.commerceauth.emulator.internal;
