package io.radflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.quarkus.runtime.configuration.PathConverter;
import io.radflow.ingest.config.IngestConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Helm charts of {@code helm/} as an operator would install them, without a cluster: the
 * umbrella chart {@code radflow} (and its service charts, by {@code file://}) passes {@code helm lint
 * --strict}; {@code helm template} renders with its defaults and with each example value file of
 * {@code helm/radflow/ci} (CPU only, GPU, KEDA, S3, Kafka SASL_SSL and mutual TLS, called AEs); every rendered object is parsed with the fabric8
 * Kubernetes model and checked (probes, resources and a non-root, read-only container everywhere; the
 * GPU Deployment requests {@code nvidia.com/gpu}; each ScaledObject names the right topic and consumer
 * group; no Secret is rendered, credentials come by reference; one image tag); each value file of
 * {@code helm/radflow/ci-invalid} is refused by the values schema with the message its first line
 * names. helm-java runs Helm's own Go code (no helm binary is installable here).
 */
class HelmChartsTest {
    static final Path SOURCE =
            Path.of(System.getProperty("radflow.root", "..")).resolve("helm").toAbsolutePath();
    static final Path HELM = Path.of("target", "helm").toAbsolutePath();
    static final Path UMBRELLA = HELM.resolve("radflow");
    static final KubernetesSerialization K8S = new KubernetesSerialization();

    /** A copy of helm/ (links resolved, no downloaded dependencies), its dependencies updated. */
    @BeforeAll
    static void copyAndUpdate() throws IOException {
        if (Files.exists(HELM)) {
            try (Stream<Path> s = Files.walk(HELM)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        try (Stream<Path> s = Files.walk(SOURCE)) {
            for (Path from : s.toList()) {
                Path rel = SOURCE.relativize(from);
                if (rel.toString().contains("charts/")
                        || rel.endsWith("charts") && !rel.toString().equals("charts")
                        || rel.getFileName().toString().equals("Chart.lock")) {
                    continue;
                }
                Path to = HELM.resolve(rel.toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to); // follows links (the realm file)
                }
            }
        }
        for (String chart : List.of("ingest", "labeling", "inference", "quantification", "radflow")) {
            new Helm(HELM.resolve(chart)).dependency().update().call();
        }
    }

    @Test
    void theUmbrellaChartPassesStrictLint() {
        LintResult lint = new Helm(UMBRELLA).lint().strict().call();
        assertThat(lint.isFailed()).as(String.valueOf(lint.getMessages())).isFalse();
    }

    @Test
    void everyExampleRendersIntoSoundManifests() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(null);
        try (Stream<Path> s = Files.list(UMBRELLA.resolve("ci"))) {
            s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(5);
        for (Path values : files) {
            String name = values == null ? "defaults" : values.getFileName().toString();
            List<HasMetadata> objects = render(values);
            assertThat(objects).as(name).isNotEmpty();
            assertThat(objects)
                    .as(name + ": no Secret is rendered (credentials come from existing Secrets)")
                    .noneMatch(o -> o.getKind().equals("Secret"));
            List<String> tags = new ArrayList<>();
            for (HasMetadata o : objects) {
                if (o instanceof Deployment d) {
                    PodSpec pod = d.getSpec().getTemplate().getSpec();
                    assertThat(pod.getSecurityContext().getRunAsNonRoot())
                            .as(name + " " + d.getMetadata().getName() + ": non-root")
                            .isTrue();
                    for (Container c : pod.getContainers()) {
                        String what = name + " " + d.getMetadata().getName() + "/" + c.getName();
                        assertThat(c.getLivenessProbe()).as(what + ": liveness").isNotNull();
                        assertThat(c.getReadinessProbe())
                                .as(what + ": readiness")
                                .isNotNull();
                        assertThat(c.getResources().getRequests())
                                .as(what + ": requests")
                                .isNotEmpty();
                        assertThat(c.getResources().getLimits())
                                .as(what + ": limits")
                                .isNotEmpty();
                        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem())
                                .as(what + ": read-only root")
                                .isTrue();
                        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation())
                                .as(what)
                                .isFalse();
                        tags.add(c.getImage()
                                .substring(c.getImage().lastIndexOf(':') + 1)
                                .replace("-gpu", ""));
                        c.getEnv().forEach(e -> assertThat(e.getValue() == null
                                        || !e.getName().matches("(?i).*(SECRET|PASSWORD|_KEY(_.*)?$).*"))
                                .as(what + ": " + e.getName() + " is given inline")
                                .isTrue());
                    }
                }
            }
            assertThat(tags).as(name + ": one image tag").isNotEmpty().allMatch(t -> t.equals(tags.get(0)));
        }
    }

    @Test
    void theLabelingServiceTakesItsExportKeyFromASecret() {
        List<HasMetadata> objects = render(UMBRELLA.resolve("ci/cpu-values.yaml"));
        Deployment labeling = one(objects, Deployment.class, "labeling");
        var env = labeling.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("RADFLOW_LABELING_EXPORT_KEY"))
                .findFirst()
                .orElseThrow();
        assertThat(env.getValue()).isNull();
        assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("radflow-export-key");
        assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("key");
        ConfigMap config = one(objects, ConfigMap.class, "labeling");
        assertThat(config.getData()).containsEntry("RADFLOW_LABELING_PRE_LABELS_ENABLED", "true");
    }

    @Test
    void dicomTlsListensWithItsKeyStoreFromASecret() {
        List<HasMetadata> objects = render(UMBRELLA.resolve("ci/cpu-values.yaml"));
        Deployment ingest = one(objects, Deployment.class, "ingest");
        var pod = ingest.getSpec().getTemplate().getSpec();
        var c = pod.getContainers().get(0);
        assertThat(c.getPorts())
                .extracting(p -> p.getName() + ":" + p.getContainerPort())
                .contains("dicom:11112", "dicom-tls:2762");
        var password = c.getEnv().stream()
                .filter(e -> e.getName().equals("RADFLOW_DICOM_TLS_KEY_STORE_PASSWORD"))
                .findFirst()
                .orElseThrow();
        assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("radflow-dicom-tls");
        assertThat(pod.getVolumes())
                .filteredOn(v -> v.getSecret() != null)
                .extracting(v -> v.getSecret().getSecretName())
                .contains("radflow-dicom-tls", "radflow-pacs-ca");
        assertThat(c.getVolumeMounts())
                .filteredOn(m -> m.getMountPath().startsWith("/etc/radflow/dicom-tls"))
                .hasSize(2)
                .allMatch(m -> Boolean.TRUE.equals(m.getReadOnly()));
        ConfigMap config = one(objects, ConfigMap.class, "ingest");
        assertThat(config.getData())
                .containsEntry("RADFLOW_DICOM_TLS_ENABLED", "true")
                .containsEntry("RADFLOW_DICOM_TLS_KEY_STORE", "/etc/radflow/dicom-tls/key/keystore.p12")
                .containsEntry("RADFLOW_DICOM_TLS_TRUST_STORE", "/etc/radflow/dicom-tls/ca/ca.pem")
                .containsEntry("RADFLOW_INGEST_DICOM_TLS_CLIENT_AUTH", "required");
        io.fabric8.kubernetes.api.model.Service dicom =
                one(objects, io.fabric8.kubernetes.api.model.Service.class, "ingest-dicom");
        assertThat(dicom.getSpec().getPorts())
                .extracting(p -> p.getName() + ":" + p.getPort() + ":" + p.getNodePort())
                .containsExactly("dicom:11112:31112", "dicom-tls:2762:31762");
        var policy = one(objects, io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class, "ingest");
        assertThat(policy.getSpec().getIngress()).anySatisfy(r -> assertThat(r.getPorts())
                .extracting(p -> p.getPort().getStrVal())
                .containsExactly("dicom", "dicom-tls"));
    }

    /**
     * Kafka security reaches every Kafka client (each service's Deployment): SASL_SSL puts the protocol,
     * mechanism and trust store path in the ConfigMap, the user, password and trust store password come
     * from Secrets by reference, and the trust store's Secret is mounted read-only; a plain user name
     * (Strimzi) goes to the ConfigMap instead; mutual TLS mounts the key store; the default is PLAINTEXT
     * with nothing mounted.
     */
    @Test
    void kafkaSecurityComesFromSecretsInEveryService() {
        List<HasMetadata> objects = render(UMBRELLA.resolve("ci/kafka-sasl-ssl-values.yaml"));
        List<Deployment> deployments = deployments(objects);
        assertThat(deployments).hasSizeGreaterThanOrEqualTo(4);
        for (Deployment d : deployments) {
            String what = d.getMetadata().getName();
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(secretRefs(c))
                    .as(what)
                    .containsEntry("RADFLOW_KAFKA_SASL_USERNAME", "radflow-kafka-user/username")
                    .containsEntry("RADFLOW_KAFKA_SASL_PASSWORD", "radflow-kafka-user/password")
                    .containsEntry("RADFLOW_KAFKA_SSL_TRUSTSTORE_PASSWORD", "radflow-kafka-ca/ca.password")
                    .doesNotContainKey("RADFLOW_KAFKA_SSL_KEYSTORE_PASSWORD");
            assertThat(kafkaMounts(d)).as(what).containsExactly("radflow-kafka-ca at /etc/radflow/kafka-tls/ca");
        }
        for (Map<String, String> config : serviceConfigs(objects)) {
            assertThat(config)
                    .containsEntry("RADFLOW_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("RADFLOW_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                    .containsEntry("RADFLOW_KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/radflow/kafka-tls/ca/ca.p12")
                    .containsEntry("RADFLOW_KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12")
                    .containsEntry("RADFLOW_KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", "https")
                    .doesNotContainKeys(
                            "RADFLOW_KAFKA_SASL_USERNAME",
                            "RADFLOW_KAFKA_SASL_PASSWORD",
                            "RADFLOW_KAFKA_SSL_TRUSTSTORE_PASSWORD");
        }

        objects = render(
                UMBRELLA.resolve("ci/kafka-sasl-ssl-values.yaml"),
                Map.of("global.kafka.security.sasl.username", "radflow"));
        for (Deployment d : deployments(objects)) {
            assertThat(secretRefs(
                            d.getSpec().getTemplate().getSpec().getContainers().get(0)))
                    .doesNotContainKey("RADFLOW_KAFKA_SASL_USERNAME")
                    .containsEntry("RADFLOW_KAFKA_SASL_PASSWORD", "radflow-kafka-user/password");
        }
        assertThat(serviceConfigs(objects))
                .allSatisfy(config -> assertThat(config).containsEntry("RADFLOW_KAFKA_SASL_USERNAME", "radflow"));

        objects = render(UMBRELLA.resolve("ci/kafka-mtls-values.yaml"));
        for (Deployment d : deployments(objects)) {
            assertThat(secretRefs(
                            d.getSpec().getTemplate().getSpec().getContainers().get(0)))
                    .containsEntry("RADFLOW_KAFKA_SSL_KEYSTORE_PASSWORD", "radflow/user.password")
                    .doesNotContainKeys("RADFLOW_KAFKA_SASL_PASSWORD", "RADFLOW_KAFKA_SSL_TRUSTSTORE_PASSWORD");
            assertThat(kafkaMounts(d))
                    .containsExactly(
                            "radflow-cluster-ca-cert at /etc/radflow/kafka-tls/ca",
                            "radflow at /etc/radflow/kafka-tls/key");
        }
        assertThat(serviceConfigs(objects)).allSatisfy(config -> assertThat(config)
                .containsEntry("RADFLOW_KAFKA_SECURITY_PROTOCOL", "SSL")
                .containsEntry("RADFLOW_KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/radflow/kafka-tls/ca/ca.crt")
                .containsEntry("RADFLOW_KAFKA_SSL_KEYSTORE_LOCATION", "/etc/radflow/kafka-tls/key/user.p12")
                .doesNotContainKeys("RADFLOW_KAFKA_SASL_MECHANISM", "RADFLOW_KAFKA_SSL_TRUSTSTORE_TYPE"));

        objects = render(null);
        for (Deployment d : deployments(objects)) {
            assertThat(secretRefs(
                            d.getSpec().getTemplate().getSpec().getContainers().get(0)))
                    .noneSatisfy((name, ref) -> assertThat(name).startsWith("RADFLOW_KAFKA_"));
            assertThat(kafkaMounts(d)).isEmpty();
        }
        assertThat(serviceConfigs(objects)).allSatisfy(config -> assertThat(config)
                .containsEntry("RADFLOW_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")
                .doesNotContainKeys(
                        "RADFLOW_KAFKA_SASL_MECHANISM", "RADFLOW_KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM"));
    }

    private static List<Deployment> deployments(List<HasMetadata> objects) {
        return objects.stream()
                .filter(o -> o instanceof Deployment)
                .map(o -> (Deployment) o)
                .toList();
    }

    /** The ConfigMaps of the services (not the realm's). */
    private static List<Map<String, String>> serviceConfigs(List<HasMetadata> objects) {
        List<Map<String, String>> configs = objects.stream()
                .filter(o ->
                        o instanceof ConfigMap && !o.getMetadata().getName().endsWith("keycloak-realm"))
                .map(o -> ((ConfigMap) o).getData())
                .toList();
        assertThat(configs).hasSize(4);
        return configs;
    }

    /** The container's env from Secrets: name to "secret/key". */
    private static Map<String, String> secretRefs(Container c) {
        Map<String, String> refs = new java.util.TreeMap<>();
        c.getEnv().stream()
                .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .forEach(e -> refs.put(
                        e.getName(),
                        e.getValueFrom().getSecretKeyRef().getName() + "/"
                                + e.getValueFrom().getSecretKeyRef().getKey()));
        return refs;
    }

    /** The Kafka TLS Secrets mounted in the Deployment's container, read-only: "secret at path". */
    private static List<String> kafkaMounts(Deployment d) {
        var pod = d.getSpec().getTemplate().getSpec();
        List<String> out = new ArrayList<>();
        for (var m : pod.getContainers().get(0).getVolumeMounts()) {
            if (m.getMountPath().startsWith("/etc/radflow/kafka-tls")) {
                assertThat(m.getReadOnly()).as(m.getMountPath() + " read-only").isTrue();
                var volume = pod.getVolumes().stream()
                        .filter(v -> v.getName().equals(m.getName()))
                        .findFirst()
                        .orElseThrow();
                out.add(volume.getSecret().getSecretName() + " at " + m.getMountPath());
            }
        }
        return out;
    }

    /**
     * Several called AE titles: their allow-lists (and the default AE's hosts) need quoted map keys, which
     * environment variables cannot carry, so they come as an application.properties mounted at
     * /deployments/config; what is rendered binds to the ingest service's own config mapping.
     */
    @Test
    void ingestServesSeveralCalledAeTitlesFromAPropertiesFile() throws IOException {
        List<HasMetadata> objects = render(UMBRELLA.resolve("ci/called-aes-values.yaml"));
        String properties =
                one(objects, ConfigMap.class, "ingest-properties").getData().get("application.properties");
        assertThat(properties.lines())
                .contains(
                        "radflow.ingest.dicom.accepted-hosts.\"PACS\"=10.20.0.5,10.20.0.6",
                        "radflow.ingest.dicom.called-aes.\"RADFLOW_CT\".accepted-calling-ae-titles=CT_PACS,CT MODALITY",
                        "radflow.ingest.dicom.called-aes.\"RADFLOW_CT\".accepted-hosts.\"CT_PACS\"=10.20.0.7",
                        "radflow.ingest.dicom.called-aes.\"RADFLOW_CT\".accepted-hosts.\"CT\\ MODALITY\"=10.20.0.8",
                        "radflow.ingest.dicom.called-aes.\"RADFLOW_RESEARCH\".accepted-calling-ae-titles=RESEARCH_GW");

        Path file = Files.createTempFile("application", ".properties");
        Files.writeString(file, properties);
        IngestConfig.Dicom dicom = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(file.toUri().toURL(), 260))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withConverter(Path.class, 200, new PathConverter())
                .withMapping(IngestConfig.class)
                .build()
                .getConfigMapping(IngestConfig.class)
                .dicom();
        Files.delete(file);
        assertThat(dicom.acceptedHosts()).isEqualTo(Map.of("PACS", List.of("10.20.0.5", "10.20.0.6")));
        assertThat(dicom.calledAes()).containsOnlyKeys("RADFLOW_CT", "RADFLOW_RESEARCH");
        assertThat(dicom.calledAes().get("RADFLOW_CT").acceptedCallingAeTitles())
                .containsExactly("CT_PACS", "CT MODALITY");
        assertThat(dicom.calledAes().get("RADFLOW_CT").acceptedHosts())
                .isEqualTo(Map.of("CT_PACS", List.of("10.20.0.7"), "CT MODALITY", List.of("10.20.0.8")));
        assertThat(dicom.calledAes().get("RADFLOW_RESEARCH").acceptedCallingAeTitles())
                .containsExactly("RESEARCH_GW");
        assertThat(dicom.calledAes().get("RADFLOW_RESEARCH").acceptedHosts()).isEmpty();

        var pod = one(objects, Deployment.class, "ingest").getSpec().getTemplate();
        assertThat(pod.getMetadata().getAnnotations()).containsKey("checksum/properties");
        assertThat(pod.getSpec().getVolumes())
                .filteredOn(v -> v.getConfigMap() != null)
                .extracting(v -> v.getName() + " " + v.getConfigMap().getName())
                .containsExactly("properties radflow-ingest-properties");
        assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts())
                .anySatisfy(m ->
                        assertThat(m.getMountPath() + " " + m.getReadOnly()).isEqualTo("/deployments/config true"));
        // without called AEs or hosts: no file, the environment alone
        assertThat(render(null)).noneMatch(o -> o.getMetadata().getName().endsWith("-properties"));
    }

    /** With global.publicUrl the realm's viewer client redirects to the public viewer; nothing else changes. */
    @Test
    void theRealmRedirectsTheViewerToThePublicUrl() throws IOException {
        List<HasMetadata> objects = render(UMBRELLA.resolve("ci/cpu-values.yaml"));
        ConfigMap realm = one(objects, ConfigMap.class, "keycloak-realm");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var rendered = (com.fasterxml.jackson.databind.node.ObjectNode)
                json.readTree(realm.getData().get("radflow-realm.json"));
        var source = (com.fasterxml.jackson.databind.node.ObjectNode)
                json.readTree(SOURCE.resolve("radflow/files/radflow-realm.json").toFile());
        var viewer = client(rendered, "radflow-viewer");
        assertThat(viewer.get("redirectUris").toString()).isEqualTo("[\"https://radflow.hospital.example/viewer/*\"]");
        assertThat(viewer.get("webOrigins").toString()).isEqualTo("[\"https://radflow.hospital.example\"]");
        assertThat(viewer.at("/attributes/post.logout.redirect.uris").asText())
                .isEqualTo("https://radflow.hospital.example/viewer/*");
        var label = client(rendered, "radflow-label");
        assertThat(label.get("redirectUris").toString()).isEqualTo("[\"https://radflow.hospital.example/label/*\"]");
        assertThat(label.get("webOrigins").toString()).isEqualTo("[\"https://radflow.hospital.example\"]");
        assertThat(label.at("/attributes/post.logout.redirect.uris").asText())
                .isEqualTo("https://radflow.hospital.example/label/*");
        // everything else as in the realm file (numbers, placeholders of the client secrets, other clients)
        for (var c : List.of(viewer, client(source, "radflow-viewer"), label, client(source, "radflow-label"))) {
            c.remove(List.of("redirectUris", "webOrigins"));
            ((com.fasterxml.jackson.databind.node.ObjectNode) c.get("attributes")).remove("post.logout.redirect.uris");
        }
        assertThat(rendered).isEqualTo(source);
        assertThat(realm.getData().get("radflow-realm.json")).contains("${RADFLOW_SERVICES_CLIENT_SECRET}");
    }

    /**
     * The labeling web app on the public host may call quantification's API (CORS): global.publicUrl's
     * origin; without it the service's local default.
     */
    @Test
    void quantificationAllowsTheLabelingAppOfThePublicUrl() {
        assertThat(quantificationConfig(render(UMBRELLA.resolve("ci/cpu-values.yaml"))))
                .containsEntry("RADFLOW_CORS_ORIGINS", "https://radflow.hospital.example");
        assertThat(quantificationConfig(render(null))).doesNotContainKey("RADFLOW_CORS_ORIGINS");
    }

    /**
     * Quantification's API behind an Ingress on the public host, beside the labeling service's "/": the
     * API's own paths go to the quantification Service's HTTP port, and the labeling web app is told to
     * call the public URL (one origin).
     */
    @Test
    void theQuantificationApiIsServedOnThePublicHost() {
        List<HasMetadata> objects = render(UMBRELLA.resolve("ci/cpu-values.yaml"));
        Ingress ingress = one(objects, Ingress.class, "quantification");
        var rule = ingress.getSpec().getRules().get(0);
        assertThat(rule.getHost()).isEqualTo("radflow.hospital.example");
        assertThat(rule.getHttp().getPaths())
                .extracting(p -> p.getPath() + " " + p.getPathType() + " -> "
                        + p.getBackend().getService().getName() + ":"
                        + p.getBackend().getService().getPort().getName())
                .containsExactly(
                        "/api/v1/studies Prefix -> radflow-quantification:http",
                        "/api/v1/body-composition.xlsx Prefix -> radflow-quantification:http");
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("radflow-tls");
        var service = one(objects, io.fabric8.kubernetes.api.model.Service.class, "quantification");
        assertThat(service.getSpec().getPorts())
                .extracting(p -> p.getName() + ":" + p.getPort() + "->"
                        + p.getTargetPort().getStrVal())
                .containsExactly("http:8083->http");
        assertThat(one(objects, Deployment.class, "quantification")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getPorts())
                .extracting(p -> p.getName() + ":" + p.getContainerPort())
                .containsExactly("http:8083");
        // the labeling Ingress keeps "/" on the same host: no path of the two overlaps
        var labeling =
                one(objects, Ingress.class, "labeling").getSpec().getRules().get(0);
        assertThat(labeling.getHost()).isEqualTo(rule.getHost());
        assertThat(labeling.getHttp().getPaths()).extracting(p -> p.getPath()).containsExactly("/");
        assertThat(one(objects, ConfigMap.class, "labeling").getData())
                .containsEntry("RADFLOW_LABEL_APP_QUANTIFICATION_URL", "https://radflow.hospital.example");

        List<HasMetadata> defaults = render(null);
        assertThat(defaults).noneMatch(o -> o instanceof Ingress);
        assertThat(one(defaults, ConfigMap.class, "labeling").getData())
                .doesNotContainKey("RADFLOW_LABEL_APP_QUANTIFICATION_URL");
    }

    private static Map<String, String> quantificationConfig(List<HasMetadata> objects) {
        return objects.stream()
                .filter(o -> o instanceof ConfigMap && o.getMetadata().getName().endsWith("-quantification"))
                .map(o -> ((ConfigMap) o).getData())
                .findFirst()
                .orElseThrow();
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode client(
            com.fasterxml.jackson.databind.JsonNode realm, String id) {
        for (var c : realm.get("clients")) {
            if (id.equals(c.get("clientId").asText())) {
                return (com.fasterxml.jackson.databind.node.ObjectNode) c;
            }
        }
        throw new AssertionError("no client " + id);
    }

    /**
     * An S3 archive: no archive volume claim; ingest and labeling get the bucket's settings, its keys from the
     * Secret by reference, ingest a staging emptyDir and labeling a read-cache emptyDir; the other services
     * know nothing of the archive.
     */
    @Test
    void anS3ArchiveNeedsNoSharedVolume() {
        List<HasMetadata> objects = render(UMBRELLA.resolve("ci/s3-values.yaml"));
        assertThat(objects).noneMatch(o -> o instanceof io.fabric8.kubernetes.api.model.PersistentVolumeClaim);
        Map<String, String> ingest = one(objects, ConfigMap.class, "-ingest").getData();
        assertThat(ingest)
                .containsEntry("RADFLOW_ARCHIVE_TYPE", "s3")
                .containsEntry("RADFLOW_ARCHIVE_S3_ENDPOINT", "https://s3.hospital.example")
                .containsEntry("RADFLOW_ARCHIVE_S3_BUCKET", "radflow-archive")
                .containsEntry("RADFLOW_ARCHIVE_S3_PREFIX", "prod/")
                .containsEntry("RADFLOW_ARCHIVE_S3_PATH_STYLE", "true")
                .containsEntry("RADFLOW_ARCHIVE_STAGING", "/var/lib/radflow/staging")
                .doesNotContainKey("RADFLOW_ARCHIVE_ROOT");
        assertThat(one(objects, ConfigMap.class, "-labeling").getData())
                .containsEntry("RADFLOW_ARCHIVE_TYPE", "s3")
                .containsEntry("RADFLOW_ARCHIVE_S3_BUCKET", "radflow-archive")
                .containsEntry("RADFLOW_ARCHIVE_CACHE", "/var/cache/radflow")
                .containsEntry("RADFLOW_ARCHIVE_CACHE_SIZE", "20G");
        for (String service : List.of("-ingest", "-labeling")) {
            Deployment d = one(objects, Deployment.class, service);
            var pod = d.getSpec().getTemplate().getSpec();
            assertThat(secretRefs(pod.getContainers().get(0)))
                    .as(service)
                    .containsEntry("RADFLOW_ARCHIVE_S3_ACCESS_KEY_ID", "radflow-archive-s3/accessKeyId")
                    .containsEntry("RADFLOW_ARCHIVE_S3_SECRET_ACCESS_KEY", "radflow-archive-s3/secretAccessKey");
            assertThat(pod.getVolumes()).noneMatch(v -> v.getPersistentVolumeClaim() != null);
            String volume = service.equals("-ingest") ? "archive-staging" : "archive-cache";
            assertThat(pod.getVolumes())
                    .filteredOn(v -> v.getName().equals(volume))
                    .singleElement()
                    .satisfies(v -> assertThat(v.getEmptyDir().getSizeLimit()).isNotNull());
            assertThat(pod.getContainers().get(0).getVolumeMounts())
                    .anyMatch(m -> m.getName().equals(volume) && !Boolean.TRUE.equals(m.getReadOnly()));
        }
        for (Deployment d : deployments(objects)) {
            String name = d.getMetadata().getName();
            if (name.endsWith("-ingest") || name.endsWith("-labeling")) {
                continue;
            }
            assertThat(secretRefs(
                            d.getSpec().getTemplate().getSpec().getContainers().get(0)))
                    .as(name)
                    .doesNotContainKey("RADFLOW_ARCHIVE_S3_SECRET_ACCESS_KEY");
        }
    }

    @Test
    void theGpuDeploymentRequestsAGpu() {
        List<HasMetadata> objects = render(UMBRELLA.resolve("ci/gpu-values.yaml"));
        assertThat(objects)
                .filteredOn(o -> o instanceof Deployment)
                .map(o -> (Deployment) o)
                .anySatisfy(d -> {
                    Map<String, Quantity> limits = d.getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getResources()
                            .getLimits();
                    assertThat(limits).containsKey("nvidia.com/gpu");
                    assertThat(d.getSpec()
                                    .getTemplate()
                                    .getSpec()
                                    .getContainers()
                                    .get(0)
                                    .getImage())
                            .endsWith("-gpu");
                });
    }

    @Test
    void scaledObjectsFollowTheRightConsumerGroups() {
        List<HasMetadata> objects = render(UMBRELLA.resolve("ci/keda-values.yaml"));
        List<String> triggers = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o.getKind().equals("ScaledObject")) {
                @SuppressWarnings("unchecked")
                var spec = (Map<String, Object>) ((GenericKubernetesResource) o)
                        .getAdditionalProperties()
                        .get("spec");
                @SuppressWarnings("unchecked")
                var list = (List<Map<String, Object>>) spec.get("triggers");
                for (var t : list) {
                    @SuppressWarnings("unchecked")
                    var md = (Map<String, Object>) t.get("metadata");
                    triggers.add(t.get("type") + " " + md.get("topic") + " " + md.get("consumerGroup"));
                }
            }
        }
        assertThat(triggers)
                .contains(
                        "kafka radflow.study-events radflow-inference",
                        "kafka radflow.inference-events radflow-quantification");
    }

    @Test
    void theSchemaRefusesWrongValues() throws IOException {
        List<Path> invalid;
        try (Stream<Path> s = Files.list(UMBRELLA.resolve("ci-invalid"))) {
            invalid = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(invalid).hasSizeGreaterThanOrEqualTo(10);
        for (Path v : invalid) {
            String expect = Files.readAllLines(v).get(0).replaceFirst("^# expect: ", "");
            assertThatThrownBy(() -> render(v))
                    .as(v.getFileName() + " must be refused")
                    .satisfies(e -> assertThat(e.getMessage().replaceAll("\\s+", " "))
                            .as(v.getFileName() + ": Helm's message")
                            .contains(expect));
        }
    }

    /** The one object of {@code type} whose name ends with {@code suffix}. */
    static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String suffix) {
        return objects.stream()
                .filter(o -> type.isInstance(o) && o.getMetadata().getName().endsWith(suffix))
                .map(type::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " *" + suffix));
    }

    /** The objects {@code helm template} renders with {@code values} (null: the defaults). */
    static List<HasMetadata> render(Path values) {
        return render(values, Map.of());
    }

    /** The objects {@code helm template} renders with {@code values} (null: the defaults) and {@code --set}s. */
    static List<HasMetadata> render(Path values, Map<String, String> sets) {
        var t = new Helm(UMBRELLA).template().withName("radflow").withNamespace("radflow");
        if (values != null) {
            t = t.withValuesFile(values);
        }
        for (var set : sets.entrySet()) {
            t = t.set(set.getKey(), set.getValue());
        }
        String yaml = t.call();
        List<HasMetadata> out = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.lines().anyMatch(l -> l.startsWith("kind:"))) {
                try {
                    out.add(K8S.unmarshal(doc, HasMetadata.class));
                } catch (RuntimeException e) {
                    throw new UncheckedIOException(new IOException("cannot parse:\n" + doc, e));
                }
            }
        }
        return out;
    }
}
