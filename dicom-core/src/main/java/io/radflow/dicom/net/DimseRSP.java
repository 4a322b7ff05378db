package io.radflow.dicom.net;

import io.radflow.dicom.data.Attributes;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The final response to one DIMSE request, awaited by the requesting thread. */
public final class DimseRSP implements DimseRSPHandler {
    private final CompletableFuture<Attributes> future = new CompletableFuture<>();

    @Override
    public void onDimseRSP(Association as, Attributes rsp) {
        if (!Status.isPending(Commands.status(rsp))) {
            future.complete(rsp);
        }
    }

    @Override
    public void onClose(Association as, IOException why) {
        future.completeExceptionally(why);
    }

    public boolean isDone() {
        return future.isDone();
    }

    /**
     * Waits for the final response ({@code timeout} zero: without limit); the association's failure
     * when it closed first; {@link TimeoutException} when none came in time.
     */
    public Attributes await(Duration timeout) throws IOException, InterruptedException, TimeoutException {
        try {
            long ms = timeout.toMillis();
            return ms > 0 ? future.get(ms, TimeUnit.MILLISECONDS) : future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }
}
