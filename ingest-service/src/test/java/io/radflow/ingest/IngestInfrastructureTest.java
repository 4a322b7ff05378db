package io.radflow.ingest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.testsupport.DevStackResource;
import io.radflow.testsupport.InfrastructureContract;

/** The ingest service against the real PostgreSQL and Kafka broker (see {@link InfrastructureContract}). */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class IngestInfrastructureTest extends InfrastructureContract {
    @Override
    protected String schema() {
        return "ingest";
    }
}
