package io.radflow.dicom.testing;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Runs mutated inputs through a parser and records what a fuzz test must rule out: exceptions
 * other than the expected ones, inputs that take a second or more of the thread's CPU time (twice
 * in a row, so that a pause of a shared machine is not mistaken for a slow input), and per-input
 * allocation above a bound (a proxy for unbounded heap use that does not depend on GC timing).
 */
public final class FuzzHarness {
    /** The code under test. */
    @FunctionalInterface
    public interface Target {
        void accept(byte[] input) throws Exception;
    }

    private final Class<?>[] expected;
    private final long maxAllocatedBytes;
    private final long maxNanos;
    private final List<String> failures = new ArrayList<>();
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private int runs;
    private int rejected;
    private long slowestNanos;
    private int slowestIteration = -1;
    private byte[] slowestInput;
    private long mostAllocated;

    /**
     * @param maxAllocatedBytes bound on bytes allocated while parsing one input
     * @param expected exception types the parser may throw
     */
    public FuzzHarness(long maxAllocatedBytes, Class<?>... expected) {
        this.expected = expected;
        this.maxAllocatedBytes = maxAllocatedBytes;
        this.maxNanos = 1_000_000_000L;
    }

    /** Runs one input. */
    public void run(int iteration, byte[] input, Target target) {
        runs++;
        long a0 = threads.getCurrentThreadAllocatedBytes();
        long t0 = threads.getCurrentThreadCpuTime();
        Throwable thrown = null;
        try {
            target.accept(input);
        } catch (Throwable t) {
            thrown = t;
        }
        long nanos = threads.getCurrentThreadCpuTime() - t0;
        long allocated = threads.getCurrentThreadAllocatedBytes() - a0;
        if (nanos > slowestNanos) {
            slowestNanos = nanos;
            slowestIteration = iteration;
            slowestInput = input;
        }
        mostAllocated = Math.max(mostAllocated, allocated);
        if (thrown != null) {
            if (isExpected(thrown)) {
                rejected++;
            } else {
                fail(iteration, input, "unexpected " + thrown);
                if (thrown instanceof Error e && !(e instanceof StackOverflowError)) {
                    throw e;
                }
            }
        }
        if (nanos >= maxNanos) {
            // a slow input is slow every time; a pause of the machine (GC, other processes) is not
            long t1 = threads.getCurrentThreadCpuTime();
            try {
                target.accept(input);
            } catch (Throwable t) {
                // already judged above
            }
            long again = threads.getCurrentThreadCpuTime() - t1;
            if (again >= maxNanos) {
                fail(iteration, input, "took " + nanos / 1_000_000 + " ms CPU, and " + again / 1_000_000 + " ms again");
            }
        }
        if (allocated > maxAllocatedBytes) {
            fail(iteration, input, "allocated " + allocated + " bytes");
        }
    }

    private boolean isExpected(Throwable t) {
        for (Class<?> c : expected) {
            if (c.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private void fail(int iteration, byte[] input, String what) {
        if (failures.size() < 20) {
            String hex = HexFormat.of().formatHex(input, 0, Math.min(input.length, 512));
            failures.add("input " + iteration + " (" + input.length + " bytes): " + what + "\n  " + hex);
        } else {
            failures.add("input " + iteration + ": " + what);
        }
    }

    /** The slowest input, for reproducing it. */
    public byte[] slowestInput() {
        return slowestInput;
    }

    /** Problems found, empty if none. */
    public List<String> failures() {
        return failures;
    }

    /** Number of inputs run. */
    public int runs() {
        return runs;
    }

    /** A one-line summary for the test log. */
    public String summary() {
        return String.format(
                "%d inputs, %d rejected with the toolkit's exception, slowest %.1f ms CPU (input %d, %d bytes),"
                        + " most allocated %d KiB",
                runs,
                rejected,
                slowestNanos / 1e6,
                slowestIteration,
                slowestInput == null ? 0 : slowestInput.length,
                mostAllocated / 1024);
    }
}
