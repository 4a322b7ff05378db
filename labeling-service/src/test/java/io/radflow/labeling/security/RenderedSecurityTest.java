package io.radflow.labeling.security;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.testsupport.SecuredEndpoint;
import io.radflow.testsupport.SecurityContract;
import java.util.List;

/** Role matrix of WADO-RS rendered frames, series, studies and thumbnails (FramesResource, ThumbnailResource): reads only, with offline-signed test tokens. */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class RenderedSecurityTest extends SecurityContract {
    @Override
    protected List<SecuredEndpoint> endpoints() {
        return List.of(
                SecuredEndpoint.get(Ct.instance() + "/rendered", Ct.READERS),
                SecuredEndpoint.get(Ct.instance() + "/frames/1/rendered", Ct.READERS),
                SecuredEndpoint.get(Ct.series() + "/rendered?viewport=16,16", Ct.READERS),
                SecuredEndpoint.get(Ct.study() + "/rendered?viewport=16,16", Ct.READERS),
                SecuredEndpoint.get(Ct.study() + "/thumbnail", Ct.READERS),
                SecuredEndpoint.get(Ct.series() + "/thumbnail", Ct.READERS),
                SecuredEndpoint.get(Ct.instance() + "/thumbnail", Ct.READERS));
    }
}
