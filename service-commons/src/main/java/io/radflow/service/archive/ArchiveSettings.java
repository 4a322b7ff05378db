package io.radflow.service.archive;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.Optional;

/**
 * Where ingest's archive lives ({@code radflow.archive.*}): a filesystem folder (each service's own
 * root setting) or an S3-compatible bucket. Ingest writes it, labeling reads it; both read these keys,
 * which the Helm charts render as {@code RADFLOW_ARCHIVE_TYPE} and {@code RADFLOW_ARCHIVE_S3_*}.
 */
@ConfigMapping(prefix = "radflow.archive")
public interface ArchiveSettings {

    /** The kinds of archive store. */
    enum Type {
        /** A local or shared (NFSv4, CephFS, EFS) folder. */
        FILESYSTEM,
        /** An S3-compatible object store (AWS S3, MinIO, Ceph RGW, s3proxy). */
        S3
    }

    /** {@code filesystem} (default) or {@code s3}. */
    @WithDefault("filesystem")
    Type type();

    /** The bucket, when {@link #type()} is {@code s3}. */
    S3 s3();

    /** An S3-compatible bucket. */
    interface S3 {
        /** Endpoint URL (MinIO, Ceph RGW, s3proxy); empty: AWS S3 of the region. */
        Optional<URI> endpoint();

        /** Region (signing region for S3-compatible servers). */
        @WithDefault("us-east-1")
        String region();

        /** The bucket; required for an S3 archive. */
        Optional<String> bucket();

        /** Key prefix inside the bucket (a trailing {@code /} is added when missing). */
        Optional<String> prefix();

        /** Path-style addressing ({@code endpoint/bucket/key}), as MinIO, Ceph RGW and s3proxy expect. */
        @WithDefault("false")
        boolean pathStyle();

        /** Access key id; empty: the AWS SDK's default credentials chain (environment, profile, container role). */
        Optional<String> accessKeyId();

        /** Secret access key (from a Secret; never logged). */
        Optional<String> secretAccessKey();

        /** Create the bucket when it does not exist (local runs and tests only; a hospital's bucket is provisioned). */
        @WithDefault("false")
        boolean createBucket();
    }
}
