package io.radflow.labeling.security;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.testsupport.SecuredEndpoint;
import io.radflow.testsupport.SecurityContract;
import java.util.List;

/** Role matrix of WADO-RS retrieve of studies, series and instances (RetrieveResource): reads only, with offline-signed test tokens. */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class RetrieveSecurityTest extends SecurityContract {
    @Override
    protected List<SecuredEndpoint> endpoints() {
        return List.of(
                SecuredEndpoint.get(Ct.study(), Ct.READERS),
                SecuredEndpoint.get(Ct.series(), Ct.READERS),
                SecuredEndpoint.get(Ct.instance(), Ct.READERS));
    }
}
