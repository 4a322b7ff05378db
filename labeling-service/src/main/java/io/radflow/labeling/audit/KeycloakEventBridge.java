package io.radflow.labeling.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.radflow.labeling.config.KeycloakEventsConfig;
import io.radflow.service.audit.AuditRecorder;
import io.radflow.service.security.ServiceTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Bridges Keycloak's login events into Radflow's audit trail: every {@code radflow.audit.keycloak-events
 * .interval} it reads the realm's new user events (failed and successful logins, logouts) from Keycloak's
 * admin API with the {@code radflow-services} client-credentials token ({@link ServiceTokens}; its service
 * account holds realm-management {@code view-events}) and writes each as a "User Authentication" record
 * ({@link KeycloakEventPoller}) to this service's {@code audit_event} table and Kafka topic {@code
 * radflow.audit}. The labeling service runs it because it serves the viewer that logs in there.
 *
 * <p>Off when {@code radflow.audit.keycloak-events.enabled=false}, when audit recording is off, and when
 * no Keycloak is configured ({@code quarkus.oidc.auth-server-url} empty: tokens are validated offline, as in
 * the fast tests). A failed poll (Keycloak down, no right) is logged at WARN once per failure streak and
 * retried at the next interval; the watermark does not move, so nothing is lost meanwhile.
 */
@ApplicationScoped
public class KeycloakEventBridge {
    private static final Logger LOG = Logger.getLogger(KeycloakEventBridge.class);

    private final KeycloakEventsConfig config;
    private final String eventsUrl;
    private final KeycloakEventPoller poller;
    private final Counter bridged;
    private final Counter failures;
    private ScheduledExecutorService scheduler;
    private volatile boolean failing;

    KeycloakEventBridge(
            KeycloakEventsConfig config,
            @ConfigProperty(name = "radflow.audit.enabled", defaultValue = "true") boolean auditEnabled,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> authServerUrl,
            ServiceTokens tokens,
            AgroalDataSource dataSource,
            AuditRecorder recorder,
            ObjectMapper mapper,
            MeterRegistry registry) {
        this.config = config;
        String server = authServerUrl.map(String::strip).orElse("");
        this.eventsUrl = !config.enabled() || !auditEnabled || server.isEmpty()
                ? null
                : config.url().orElseGet(() -> eventsUrl(server));
        this.poller = eventsUrl == null
                ? null
                : new KeycloakEventPoller(
                        eventsUrl,
                        config.types(),
                        config.pageSize(),
                        config.overlap(),
                        tokens::authorizationHeader,
                        tokens::invalidate,
                        dataSource,
                        recorder,
                        mapper);
        this.bridged = Counter.builder("radflow.audit.keycloak.events")
                .description("Keycloak login events written to the audit trail")
                .register(registry);
        this.failures = Counter.builder("radflow.audit.keycloak.poll.failures")
                .description("Failed polls of Keycloak's events API")
                .register(registry);
    }

    /** {@code <server>/realms/<realm>} → {@code <server>/admin/realms/<realm>/events}. */
    static String eventsUrl(String realmUrl) {
        String base = realmUrl.endsWith("/") ? realmUrl.substring(0, realmUrl.length() - 1) : realmUrl;
        int i = base.lastIndexOf("/realms/");
        if (i < 0) {
            throw new IllegalArgumentException(
                    "not a Keycloak realm URL: " + realmUrl + " (set radflow.audit.keycloak-events.url)");
        }
        return base.substring(0, i) + "/admin" + base.substring(i) + "/events";
    }

    void start(@Observes StartupEvent ev) {
        if (poller == null) {
            LOG.info("Keycloak login events are not bridged into the audit trail: no Keycloak configured"
                    + " (quarkus.oidc.auth-server-url), audit off or radflow.audit.keycloak-events.enabled=false");
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("radflow-keycloak-events").factory());
        scheduler.scheduleWithFixedDelay(this::pollQuietly, 0, config.interval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("bridging Keycloak events %s from %s every %s", config.types(), eventsUrl, config.interval());
    }

    void stop(@Observes ShutdownEvent ev) {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdown(); // a poll in progress finishes its transaction
        try {
            if (!scheduler.awaitTermination(15, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the bridge runs (a Keycloak is configured and the bridge is enabled). */
    public boolean active() {
        return poller != null;
    }

    /** The events endpoint read, or null when inactive. */
    public String eventsUrl() {
        return eventsUrl;
    }

    /**
     * Polls now, on the caller's thread, as the scheduler does (serialised with it); returns the number of
     * new audit records. For operations and tests.
     */
    public int pollNow() throws Exception {
        if (poller == null) {
            throw new IllegalStateException("the Keycloak event bridge is not active");
        }
        int n = poller.poll();
        bridged.increment(n);
        return n;
    }

    private void pollQuietly() {
        try {
            int n = pollNow();
            if (failing) {
                failing = false;
                LOG.infof("Keycloak events readable again at %s", eventsUrl);
            }
            if (n > 0) {
                LOG.debugf("%d Keycloak events written to the audit trail", n);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failures.increment();
            if (!failing) {
                failing = true;
                LOG.warnf(
                        "Keycloak events not bridged into the audit trail (retried every %s): %s",
                        config.interval(), e.toString());
            } else {
                LOG.debugf("Keycloak events still not readable: %s", e.toString());
            }
        }
    }
}
