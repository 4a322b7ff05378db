package io.radflow.labeling.security;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.testsupport.SecuredEndpoint;
import io.radflow.testsupport.SecurityContract;
import java.util.List;

/** Role matrix of WADO-RS metadata (MetadataResource): reads only, with offline-signed test tokens. */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class MetadataSecurityTest extends SecurityContract {
    @Override
    protected List<SecuredEndpoint> endpoints() {
        return List.of(
                SecuredEndpoint.get(Ct.study() + "/metadata", Ct.READERS),
                SecuredEndpoint.get(Ct.series() + "/metadata", Ct.READERS),
                SecuredEndpoint.get(Ct.instance() + "/metadata", Ct.READERS));
    }
}
