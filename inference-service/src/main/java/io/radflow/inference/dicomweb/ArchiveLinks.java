package io.radflow.inference.dicomweb;

import io.radflow.dicom.web.DicomWebException;
import io.radflow.inference.config.InferenceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the last request to each DICOMweb endpoint the jobs use (the image source, the STOW-RS
 * target) showed: reachable, or down since when and why. Only failures a retry may cure count as
 * down (no connection, timeouts, 5xx): a 404 for one series says nothing about the archive.
 * Readiness reports it ({@code io.radflow.inference.health.ArchiveReadinessCheck}).
 */
@ApplicationScoped
public class ArchiveLinks {
    /** One endpoint's state: {@code downSince} null while reachable (or not yet used). */
    public record State(String url, Instant downSince, String lastError) {
        public boolean up() {
            return downSince == null;
        }
    }

    /** The last outcome of one endpoint. */
    public static final class Link {
        private final AtomicReference<State> state;

        Link(String url) {
            state = new AtomicReference<>(new State(url, null, null));
        }

        /** A request succeeded. */
        public void reached() {
            state.updateAndGet(s -> s.up() ? s : new State(s.url(), null, null));
        }

        /** A request failed; only a retryable failure marks the endpoint down. */
        public void failed(DicomWebException e) {
            if (!e.retryable()) {
                reached();
                return;
            }
            state.updateAndGet(
                    s -> new State(s.url(), s.downSince() == null ? Instant.now() : s.downSince(), e.getMessage()));
        }

        public State state() {
            return state.get();
        }
    }

    private final Link source;
    private final Link target;

    @Inject
    public ArchiveLinks(InferenceConfig config) {
        source = new Link(config.dicomweb().url());
        target = new Link(config.dicomweb().stowUrl());
    }

    /** The archive series are read from (WADO-RS). */
    public Link source() {
        return source;
    }

    /** Where results are stored (STOW-RS). */
    public Link target() {
        return target;
    }
}
