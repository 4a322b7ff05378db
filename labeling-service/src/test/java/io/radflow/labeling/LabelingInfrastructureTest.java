package io.radflow.labeling;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.testsupport.DevStackResource;
import io.radflow.testsupport.InfrastructureContract;

/** The labeling service against the real PostgreSQL and Kafka broker (see {@link InfrastructureContract}). */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class LabelingInfrastructureTest extends InfrastructureContract {
    @Override
    protected String schema() {
        return "labeling";
    }
}
