package io.radflow.labeling.security;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.testsupport.SecuredEndpoint;
import io.radflow.testsupport.SecurityContract;
import java.util.List;

/** Role matrix of WADO-RS bulk data (FramesResource): reads only, with offline-signed test tokens. */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class BulkDataSecurityTest extends SecurityContract {
    @Override
    protected List<SecuredEndpoint> endpoints() {
        return List.of(SecuredEndpoint.get(Ct.instance() + "/bulk/7FE00010", Ct.READERS));
    }
}
