package io.radflow.labeling.security;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.testsupport.SecuredEndpoint;
import io.radflow.testsupport.SecurityContract;
import java.util.List;

/** Role matrix of WADO-RS frames (FramesResource): reads only, with offline-signed test tokens. */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class FramesSecurityTest extends SecurityContract {
    @Override
    protected List<SecuredEndpoint> endpoints() {
        return List.of(SecuredEndpoint.get(Ct.instance() + "/frames/1", Ct.READERS));
    }
}
