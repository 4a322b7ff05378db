package io.radflow.service.messaging;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Checks the Kafka security settings ({@link KafkaClientSecurity}) before any Kafka client starts: a
 * service with inconsistent settings does not start, and says why; otherwise it logs what its clients
 * do (protocol, SASL mechanism and user, stores; never a password).
 */
@ApplicationScoped
class KafkaSecurityStartup {
    private static final Logger LOG = Logger.getLogger(KafkaSecurityStartup.class);

    void check(@Observes @Priority(1) StartupEvent event) {
        LOG.infof("Kafka clients connect with %s", KafkaClientSecurity.current());
    }
}
