package io.radflow.ingest.rest;

import io.radflow.dicom.net.Status;
import io.radflow.ingest.receive.IngestResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;

/**
 * The instances of one STOW-RS request in flight: each part is staged as it streams in and finishes
 * (validation, durable commit, index) in the background while the next part is read; at most {@link
 * #MAX_IN_FLIGHT} at a time. {@link #awaitAll()} adds every result, in part order, to the response, so
 * the response is sent only after every instance it reports as stored is durable and indexed.
 */
final class WriteAhead {
    private static final Logger LOG = Logger.getLogger(WriteAhead.class);

    /** Parts finishing in the background at most, per request. */
    static final int MAX_IN_FLIGHT = 32;

    private final StowResponse response;
    private final List<CompletableFuture<IngestResult>> inFlight = new ArrayList<>();
    private int awaited;

    WriteAhead(StowResponse response) {
        this.response = response;
    }

    /** A result known at once (a part refused before staging). */
    void add(IngestResult r) {
        add(CompletableFuture.completedFuture(r));
    }

    /** A part finishing in the background; waits for the oldest when too many are in flight. */
    void add(CompletableFuture<IngestResult> f) {
        inFlight.add(f);
        while (inFlight.size() - awaited > MAX_IN_FLIGHT) {
            awaitNext();
        }
    }

    /** Waits for every part and adds the results to the response. */
    void awaitAll() {
        while (awaited < inFlight.size()) {
            awaitNext();
        }
    }

    private void awaitNext() {
        CompletableFuture<IngestResult> f = inFlight.get(awaited++);
        IngestResult r;
        try {
            r = f.join();
        } catch (CompletionException e) {
            LOG.errorf(
                    "STOW-RS part failed: %s",
                    e.getCause() == null ? e.toString() : e.getCause().toString());
            r = new IngestResult(
                    Status.ProcessingFailure,
                    IngestResult.Outcome.FAILED,
                    null,
                    null,
                    null,
                    null,
                    "processing failure: " + e.getCause());
        }
        response.add(r);
    }
}
