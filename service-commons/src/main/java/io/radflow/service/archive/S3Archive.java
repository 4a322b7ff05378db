package io.radflow.service.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The objects of an archive in an S3-compatible bucket, addressed by the archive's relative paths
 * ({@code <study>/<series>/<sop>.dcm}) under an optional key prefix.
 *
 * <p>Integrity: every PUT carries {@code Content-MD5}, which the server verifies before it stores
 * the object ({@code BadDigest} otherwise; S3, MinIO, Ceph RGW and s3proxy all do), and the MD5 is
 * kept as user metadata ({@value #MD5_METADATA}) so that {@link #download} verifies what it read
 * end to end (the ETag is not an MD5 under SSE-KMS or for multipart uploads). A PUT is durable once
 * acknowledged; nothing is reported stored before that.
 *
 * <p>Uses the AWS SDK for Java v2 with its URL-connection HTTP client; the SDK's own flexible checksums
 * are left to the cases that require them, so that S3-compatible servers without trailing-checksum
 * support accept the uploads. The AWS SDK is an optional dependency of service-commons: services that
 * use this class declare it.
 */
public final class S3Archive implements AutoCloseable {
    /** User metadata holding the object's MD5 (hex), written by {@link #put}. */
    public static final String MD5_METADATA = "radflow-md5";

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final URI endpoint;

    private S3Archive(S3Client s3, String bucket, String prefix, URI endpoint) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.endpoint = endpoint;
    }

    /**
     * Connects to the configured bucket and checks that it exists (creating it when {@link
     * ArchiveSettings.S3#createBucket()} says so).
     *
     * @throws IOException when the bucket is missing or cannot be reached, with the reason
     */
    public static S3Archive open(ArchiveSettings.S3 settings) throws IOException {
        String bucket = settings.bucket()
                .filter(b -> !b.isBlank())
                .orElseThrow(() -> new IllegalArgumentException(
                        "radflow.archive.s3.bucket (RADFLOW_ARCHIVE_S3_BUCKET) is required for an S3 archive"));
        if (settings.accessKeyId().isPresent() != settings.secretAccessKey().isPresent()) {
            throw new IllegalArgumentException("radflow.archive.s3.access-key-id and secret-access-key go together:"
                    + " give both (RADFLOW_ARCHIVE_S3_ACCESS_KEY_ID, RADFLOW_ARCHIVE_S3_SECRET_ACCESS_KEY) or neither");
        }
        AwsCredentialsProvider credentials = settings.accessKeyId().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        settings.accessKeyId().get(), settings.secretAccessKey().get()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build());
        settings.endpoint().ifPresent(b::endpointOverride);
        String prefix = settings.prefix()
                .map(p -> p.replaceAll("^/+", ""))
                .filter(p -> !p.isEmpty())
                .map(p -> p.endsWith("/") ? p : p + "/")
                .orElse("");
        S3Archive archive = new S3Archive(
                b.build(),
                bucket,
                prefix,
                settings.endpoint().orElse(URI.create("https://s3." + settings.region() + ".amazonaws.com")));
        try {
            archive.checkBucket(settings.createBucket());
        } catch (IOException | RuntimeException e) {
            archive.close();
            throw e;
        }
        return archive;
    }

    /** The bucket. */
    public String bucket() {
        return bucket;
    }

    /** The object key of an archive path. */
    public String key(String relative) {
        return prefix + relative;
    }

    /** Where a folder of the archive is: {@code s3://bucket/prefix/folder/}. */
    public URI location(String relativeFolder) {
        return URI.create("s3://" + bucket + "/" + prefix + relativeFolder + "/");
    }

    /**
     * Whether the bucket answers; creates it when missing and {@code create}.
     *
     * @throws IOException when it is missing (and not to be created) or cannot be reached
     */
    public void checkBucket(boolean create) throws IOException {
        try {
            s3.headBucket(r -> r.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && create) {
                try {
                    s3.createBucket(r -> r.bucket(bucket));
                } catch (S3Exception c) {
                    if (c.statusCode() != 409) { // 409: another service created it meanwhile
                        throw failure("create bucket", "", c);
                    }
                } catch (SdkException c) {
                    throw failure("create bucket", "", c);
                }
                return;
            }
            throw failure(e.statusCode() == 404 ? "bucket does not exist" : "bucket not accessible", "", e);
        } catch (SdkException e) {
            throw failure("cannot reach the bucket", "", e);
        }
    }

    /** Whether the bucket answers now (readiness); never throws. */
    public boolean reachable() {
        try {
            checkBucket(false);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Stores {@code file} under {@code relative}, replacing any object there; returns when the server
     * acknowledged it after verifying {@code md5} (the MD5 of the file's bytes).
     */
    public void put(String relative, Path file, byte[] md5) throws IOException {
        long size = Files.size(file);
        String key = key(relative);
        call(
                "PUT",
                key,
                () -> s3.putObject(
                        r -> r.bucket(bucket)
                                .key(key)
                                .contentLength(size)
                                .contentType("application/dicom")
                                .contentMD5(Base64.getEncoder().encodeToString(md5))
                                .metadata(Map.of(MD5_METADATA, HexFormat.of().formatHex(md5))),
                        RequestBody.fromFile(file)));
    }

    /** Whether an object exists under {@code relative}. */
    public boolean exists(String relative) throws IOException {
        String key = key(relative);
        try {
            s3.headObject(r -> r.bucket(bucket).key(key));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure("HEAD", key, e);
        } catch (SdkException e) {
            throw failure("HEAD", key, e);
        }
    }

    /**
     * Reads the object under {@code relative}.
     *
     * @throws NoSuchFileException when there is none
     */
    public InputStream open(String relative) throws IOException {
        String key = key(relative);
        try {
            ResponseInputStream<GetObjectResponse> in =
                    s3.getObject(r -> r.bucket(bucket).key(key));
            return new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    try {
                        return super.read();
                    } catch (SdkException e) {
                        throw failure("GET", key, e);
                    }
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        return super.read(b, off, len);
                    } catch (SdkException e) {
                        throw failure("GET", key, e);
                    }
                }
            };
        } catch (S3Exception e) {
            throw getFailure(key, e);
        } catch (SdkException e) {
            throw failure("GET", key, e);
        }
    }

    /**
     * Copies the object under {@code relative} to {@code target} (written beside it first, then moved
     * into place), verifying its MD5 against the one recorded at {@link #put}.
     *
     * @throws NoSuchFileException when there is no such object
     * @throws IOException when the bytes read differ from those stored
     */
    public void download(String relative, Path target) throws IOException {
        String key = key(relative);
        Files.createDirectories(target.getParent());
        Path part = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            String expected;
            MessageDigest md5 = md5();
            try (ResponseInputStream<GetObjectResponse> in =
                            s3.getObject(r -> r.bucket(bucket).key(key));
                    DigestInputStream din = new DigestInputStream(in, md5)) {
                expected = in.response().metadata().get(MD5_METADATA);
                Files.copy(din, part);
            }
            String actual = HexFormat.of().formatHex(md5.digest());
            if (expected != null && !expected.equalsIgnoreCase(actual)) {
                throw new IOException("archive object s3://" + bucket + "/" + key + " is corrupt: MD5 " + actual
                        + " read, " + expected + " stored");
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (S3Exception e) {
            throw getFailure(key, e);
        } catch (SdkException e) {
            throw failure("GET", key, e);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Removes the object under {@code relative} (no error when there is none). */
    public void delete(String relative) throws IOException {
        String key = key(relative);
        call("DELETE", key, () -> s3.deleteObject(r -> r.bucket(bucket).key(key)));
    }

    /** A new MD5 digest. */
    public static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    /** A failed GET: {@link NoSuchFileException} for a missing object. */
    private IOException getFailure(String key, S3Exception e) {
        return e.statusCode() == 404
                ? new NoSuchFileException("s3://" + bucket + "/" + key, null, "no such object in the archive")
                : failure("GET", key, e);
    }

    private void call(String what, String key, Runnable op) throws IOException {
        try {
            op.run();
        } catch (SdkException e) {
            throw failure(what, key, e);
        }
    }

    private IOException failure(String what, String key, SdkException e) {
        String reason = e instanceof S3Exception s && s.awsErrorDetails() != null
                ? s.statusCode() + " " + s.awsErrorDetails().errorCode() + ": "
                        + s.awsErrorDetails().errorMessage()
                : e.getMessage();
        return new IOException(
                "S3 archive " + endpoint + ", " + what + " " + bucket + (key.isEmpty() ? "" : "/" + key) + ": "
                        + reason,
                e);
    }

    /** {@code s3://bucket/prefix at endpoint}, for logs. */
    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix + " at " + endpoint;
    }

    @Override
    public void close() {
        s3.close();
    }
}
