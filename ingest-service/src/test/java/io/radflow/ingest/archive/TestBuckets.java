package io.radflow.ingest.archive;

import io.radflow.devstack.S3ProxyServer;
import io.radflow.service.archive.ArchiveSettings;
import io.radflow.testsupport.S3ProxyResource;
import java.net.URI;
import java.util.Optional;

/** Buckets of the tests' s3proxy ({@link S3ProxyResource}). */
public final class TestBuckets {
    private TestBuckets() {}

    /** The settings of the test server's bucket {@code name}. */
    public static ArchiveSettings.S3 settings(String name, String prefix, boolean create) {
        S3ProxyServer s = S3ProxyResource.server();
        return new ArchiveSettings.S3() {
            @Override
            public Optional<URI> endpoint() {
                return Optional.of(URI.create(s.endpoint()));
            }

            @Override
            public String region() {
                return "us-east-1";
            }

            @Override
            public Optional<String> bucket() {
                return Optional.of(name);
            }

            @Override
            public Optional<String> prefix() {
                return Optional.ofNullable(prefix);
            }

            @Override
            public boolean pathStyle() {
                return true;
            }

            @Override
            public Optional<String> accessKeyId() {
                return Optional.of(S3ProxyResource.ACCESS_KEY);
            }

            @Override
            public Optional<String> secretAccessKey() {
                return Optional.of(S3ProxyResource.SECRET_KEY);
            }

            @Override
            public boolean createBucket() {
                return create;
            }
        };
    }
}
