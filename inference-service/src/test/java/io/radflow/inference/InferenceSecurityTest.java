package io.radflow.inference;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.service.security.Roles;
import io.radflow.testsupport.DevStackResource;
import io.radflow.testsupport.SecuredEndpoint;
import io.radflow.testsupport.SecurityContract;
import java.util.List;

/** The inference service's role matrix (docs/security.md), with offline-signed test tokens. */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class InferenceSecurityTest extends SecurityContract {
    @Override
    protected List<SecuredEndpoint> endpoints() {
        return List.of(
                SecuredEndpoint.get(
                        "/api/v1/status", Roles.RADIOLOGIST, Roles.ANNOTATOR, Roles.RESEARCHER, Roles.ADMIN),
                SecuredEndpoint.get(
                        "/api/v1/models", Roles.RADIOLOGIST, Roles.ANNOTATOR, Roles.RESEARCHER, Roles.ADMIN),
                SecuredEndpoint.get(
                        "/api/v1/studies/1.2.3/results",
                        Roles.RADIOLOGIST,
                        Roles.ANNOTATOR,
                        Roles.RESEARCHER,
                        Roles.ADMIN));
    }
}
