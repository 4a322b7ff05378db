package io.radflow.labeling.security;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.testsupport.SecuredEndpoint;
import io.radflow.testsupport.SecurityContract;
import java.util.List;

/** Role matrix of QIDO-RS searches (QidoResource): reads only, with offline-signed test tokens. */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class QidoSecurityTest extends SecurityContract {
    @Override
    protected List<SecuredEndpoint> endpoints() {
        return List.of(
                SecuredEndpoint.get("/dicomweb/studies", Ct.READERS),
                SecuredEndpoint.get("/dicomweb/series", Ct.READERS),
                SecuredEndpoint.get("/dicomweb/instances?limit=5", Ct.READERS),
                SecuredEndpoint.get(Ct.study() + "/series", Ct.READERS),
                SecuredEndpoint.get(Ct.study() + "/instances", Ct.READERS),
                SecuredEndpoint.get(Ct.series() + "/instances", Ct.READERS));
    }
}
