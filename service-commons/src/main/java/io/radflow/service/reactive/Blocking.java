package io.radflow.service.reactive;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/** Reactive operations (Hibernate Reactive transactions) run from a worker or consumer thread. */
public final class Blocking {
    private Blocking() {}

    /** Runs {@code op} on a Vert.x context and waits for its item; its failure is thrown. */
    public static <T> T await(Supplier<Uni<T>> op) {
        try {
            return VertxContextSupport.subscribeAndAwait(op);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
