package dev.commerceauth.emulator;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.PrintWriter;
import java.util.List;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/** Runs the extension's subject classes in a child JVM and prints what they saw. */
public final class ExtensionRunner {

    private ExtensionRunner() {
    }

    public static void main(String[] args) {
        TestExecutionSummary s = run(TokenServerEmulatorExtensionTest.StaticSubject.class);
        List<TokenServerEmulator> seen = TokenServerEmulatorExtensionTest.StaticSubject.seen;
        String accessor;
        try {
            TokenServerEmulatorExtensionTest.StaticSubject.EXTENSION.emulator();
            accessor = "allowed";
        } catch (IllegalStateException e) {
            accessor = "refused";
        }
        System.out.println("static succeeded=" + s.getTestsSucceededCount()
                + " same=" + (seen.size() == 2 && seen.get(0) == seen.get(1))
                + " closed=" + seen.stream().noneMatch(TokenServerEmulator::isRunning)
                + " accessorAfterClass=" + accessor);
        TestExecutionSummary i = run(TokenServerEmulatorExtensionTest.InstanceSubject.class);
        List<TokenServerEmulator> inst = TokenServerEmulatorExtensionTest.InstanceSubject.seen;
        System.out.println("instance succeeded=" + i.getTestsSucceededCount()
                + " distinct=" + (inst.size() == 2 && inst.get(0) != inst.get(1))
                + " closed=" + inst.stream().noneMatch(TokenServerEmulator::isRunning));
        s.printFailuresTo(new PrintWriter(System.out, true), 20);
        i.printFailuresTo(new PrintWriter(System.out, true), 20);
    }

    private static TestExecutionSummary run(Class<?> testClass) {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request().selectors(selectClass(testClass)).build(), listener);
        return listener.getSummary();
    }
}
