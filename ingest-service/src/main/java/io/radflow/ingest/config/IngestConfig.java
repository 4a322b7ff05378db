package io.radflow.ingest.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Configuration of the ingest service (prefix {@code radflow.ingest}). */
@ConfigMapping(prefix = "radflow.ingest")
public interface IngestConfig {

    /** DICOM (DIMSE) receiver. */
    Dicom dicom();

    /** The archive. */
    Archive archive();

    /** What to do with a second instance of a SOP Instance UID whose data set differs. */
    @WithDefault("keep-first")
    DuplicatePolicy duplicatePolicy();

    /** A study is announced when no instance arrived for this long. */
    @WithDefault("10S")
    Duration quietPeriod();

    /**
     * Quiet period per sender: calling AE title (DIMSE) or OIDC client of the token, {@code azp} (STOW-RS), e.g. {@code
     * radflow.ingest.quiet-period-by-source."ORTHANC"=5S}.
     */
    Map<String, Duration> quietPeriodBySource();

    /** How often the assembler looks for studies whose quiet period is over. */
    @WithDefault("100MS")
    Duration assemblerInterval();

    /** How often the outbox relay looks for unpublished events (it is also woken after each write). */
    @WithDefault("200MS")
    Duration relayInterval();

    /**
     * How long a published event stays in the outbox table (what was announced, and when, for diagnosis)
     * before the relay deletes it; zero keeps every event. Unpublished events are never deleted.
     */
    @WithDefault("7D")
    Duration outboxRetention();

    /** How often the relay deletes published events older than {@link #outboxRetention()}. */
    @WithDefault("10M")
    Duration outboxPurgeInterval();

    /** DICOMweb root where the archived studies can be retrieved (RetrieveURL, BulkDataURI, events). */
    @WithDefault("http://127.0.0.1:8080/dicomweb")
    String retrieveBaseUrl();

    /** Kafka topic of the study events. */
    @WithDefault("radflow.study-events")
    String topic();

    /** DIMSE settings. */
    interface Dicom {
        /** Whether the DICOM listener runs. */
        @WithDefault("true")
        boolean enabled();

        /** Called AE title of the service. */
        @WithDefault("RADFLOW")
        String aeTitle();

        /** Bind address. */
        @WithDefault("127.0.0.1")
        String host();

        /** DICOM port. */
        @WithDefault("11112")
        int port();

        /** Calling AE titles accepted by the default AE ({@link #aeTitle()}); {@code *} accepts any. */
        @WithDefault("PACS,ORTHANC,STORESCU")
        List<String> acceptedCallingAeTitles();

        /**
         * On stop (SIGTERM), how long open associations may go on before they are aborted: new connections
         * are refused at once, a PACS in the middle of a study can finish it and release. Keep it below the
         * orchestrator's grace period (Kubernetes: 30 s by default), together with {@code
         * quarkus.shutdown.timeout} for STOW-RS requests, which run first.
         */
        @WithDefault("20S")
        Duration shutdownGrace();

        /** Concurrent associations (0: unlimited). */
        @WithDefault("50")
        int maxAssociations();

        /**
         * Source addresses accepted per calling AE title by the default AE, e.g. {@code
         * radflow.ingest.dicom.accepted-hosts."ORTHANC"=10.0.0.5,10.0.0.6}; a calling AE title without an
         * entry is accepted from any address.
         */
        Map<String, List<String>> acceptedHosts();

        /**
         * Further called AE titles served on the same ports, each with its own allow-list, e.g. {@code
         * radflow.ingest.dicom.called-aes."RADFLOW_CT".accepted-calling-ae-titles=CT_PACS} and {@code
         * radflow.ingest.dicom.called-aes."RADFLOW_CT".accepted-hosts."CT_PACS"=10.0.0.5}. The default AE
         * ({@link #aeTitle()}) keeps the keys above.
         */
        Map<String, CalledAe> calledAes();

        /** Whether the plain TCP port ({@link #port()}) listens; switch off for TLS-only operation. */
        @WithDefault("true")
        boolean plainEnabled();

        /**
         * User identity negotiation (PS3.7 D.3.3.7) with a JSON Web Token (type 5): {@code none} ignores
         * identities, {@code optional} accepts associations without one but rejects an invalid one, {@code
         * required} rejects associations without a valid token (A-ASSOCIATE-RJ 1/1/1).
         */
        @WithDefault("optional")
        UserIdentityMode userIdentity();

        /** DICOM TLS (PS3.15 annex B) on a port of its own. */
        Tls tls();
    }

    /** An additional called AE title and who may associate with it. */
    interface CalledAe {
        /** Calling AE titles accepted by this called AE; {@code *} accepts any. */
        List<String> acceptedCallingAeTitles();

        /** Source addresses accepted per calling AE title; a calling AE without an entry: any address. */
        Map<String, List<String>> acceptedHosts();
    }

    /** How DIMSE user identities are treated. */
    enum UserIdentityMode {
        NONE,
        OPTIONAL,
        REQUIRED
    }

    /** DICOM TLS listener settings. */
    interface Tls {
        /** Whether the TLS port listens. */
        @WithDefault("false")
        boolean enabled();

        /** TLS port ({@code 2762} is the port registered for DICOM over TLS). */
        @WithDefault("2762")
        int port();

        /** Key store with the server's private key and certificate chain (PKCS12 or JKS). */
        Optional<Path> keyStore();

        /** Password of the key store (and of its key); from the environment, never from the repository. */
        Optional<String> keyStorePassword();

        /** Key store type. */
        @WithDefault("PKCS12")
        String keyStoreType();

        /**
         * Trusted certificates for client certificates: a PEM file of CA certificates ({@code .pem}, {@code
         * .crt}) or a PKCS12/JKS trust store. Without one, the JDK's default trust store is used.
         */
        Optional<Path> trustStore();

        /** Password of a PKCS12/JKS trust store. */
        Optional<String> trustStorePassword();

        /** Client certificates: {@code required} (default), {@code optional} or {@code none}. */
        @WithDefault("required")
        ClientAuth clientAuth();

        /** TLS protocol versions offered. */
        @WithDefault("TLSv1.3,TLSv1.2")
        List<String> protocols();
    }

    /** Whether a TLS client must present a certificate. */
    enum ClientAuth {
        NONE,
        OPTIONAL,
        REQUIRED
    }

    /** Archive settings. */
    interface Archive {
        /**
         * Root folder of the filesystem archive (when {@code radflow.archive.type} is {@code filesystem}; an S3
         * archive is configured by {@code radflow.archive.s3.*}, service-commons' {@code ArchiveSettings}).
         */
        @WithDefault("data/archive")
        Path root();

        /**
         * Local folder where an S3 archive stages the instances being received (the pod's own disk, e.g. an
         * {@code emptyDir}); empty: {@code radflow-ingest-staging} in the temporary folder.
         */
        java.util.Optional<Path> staging();

        /** Force files and directories to disk before success (never switch off in production). */
        @WithDefault("true")
        boolean fsync();

        /** Below this free space, associations are refused and stores answer out-of-resources. */
        @WithDefault("1G")
        MemorySize minFreeSpace();
    }

    /** The start-up warm-up (receive/StartupWarmUp). */
    WarmUp warmUp();

    /**
     * Before readiness turns UP, synthetic CT instances run through the C-STORE path (received, staged,
     * validated, metadata built, index statements run) and everything is rolled back: nothing is stored,
     * indexed or announced. The JIT compiles the hot paths then, not during the first real study.
     */
    interface WarmUp {
        /** How many synthetic instances; 0 switches the warm-up off. */
        @WithDefault("1500")
        int instances();

        /** The warm-up stops after this long, however many instances it has done (issue 23: readiness + 5 s at most). */
        @WithDefault("5S")
        Duration maxDuration();

        /** Edge length of the synthetic images (pixels; 256: about 1,300 instances in 5 s here, the best of 128/256/512). */
        @WithDefault("256")
        int imageSize();
    }

    /** Duplicate policy for a re-sent SOP Instance UID with a different data set. */
    enum DuplicatePolicy {
        /** Refuse the new instance (failure 0111, Duplicate SOP Instance). */
        REJECT,
        /** Keep the stored instance, answer success, report the conflict. */
        KEEP_FIRST,
        /** Replace the stored instance, report the conflict, announce the study as updated. */
        OVERWRITE
    }
}
