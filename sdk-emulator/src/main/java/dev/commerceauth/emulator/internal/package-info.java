/**
 * Not an API: the implementation of {@link dev.commerceauth.emulator.TokenServerEmulator}, which is
 * the only caller. Anything here may change or go in any release, without notice.
 *
 * <p>The HTTP handlers of the three dialects, the protected resource, JWT signing, JSON via Gson,
 * the limiters and the shared state are package-private. The few public types are the seam to
 * {@code dev.commerceauth.emulator}, which has to reach them from another package:
 * {@link dev.commerceauth.emulator.internal.EmulatorServer} (the server behind the public
 * emulator), {@link dev.commerceauth.emulator.internal.EmulatorSettings} (what its builder resolved),
 * {@link dev.commerceauth.emulator.internal.FaultPlan} (behind
 * {@link dev.commerceauth.emulator.Faults}) and {@link dev.commerceauth.emulator.internal.ClientKind}
 * (what an {@link dev.commerceauth.emulator.EmulatorClient} is). They are left out of the published
 * Javadoc.
 */
package dev.commerceauth.emulator.internal;
