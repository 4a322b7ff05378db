package io.radflow.quantification;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.testsupport.AuditContract;
import io.radflow.testsupport.DevStackResource;

/** The quantification service's audit trail in its schema and on Kafka (see {@link AuditContract}). */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class QuantificationAuditTest extends AuditContract {
    @Override
    protected String readPath() {
        return "/api/v1/status";
    }

    @Override
    protected String source() {
        return "quantification-service";
    }
}
