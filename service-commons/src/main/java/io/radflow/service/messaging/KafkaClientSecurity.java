package io.radflow.service.messaging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * How every Kafka client of a Radflow service (producers, consumers, admin clients, the readiness check,
 * the audit trail) authenticates to the brokers and encrypts its connections: SASL (PLAIN, SCRAM-SHA-256,
 * SCRAM-SHA-512) and/or TLS, from these settings (each also an environment variable in upper snake case,
 * e.g. {@code RADFLOW_KAFKA_SASL_PASSWORD}; defaults in service-commons' {@code
 * META-INF/microprofile-config.properties}):
 *
 * <ul>
 *   <li>{@value #PROTOCOL}: PLAINTEXT (default), SSL, SASL_PLAINTEXT or SASL_SSL;
 *   <li>{@code radflow.kafka.sasl.mechanism}, {@code .username}, {@code .password}: required with the SASL
 *       protocols; the JAAS line is built here, the values quoted and escaped;
 *   <li>{@code radflow.kafka.ssl.truststore.location}, {@code .password}, {@code .type} (PKCS12, JKS or
 *       PEM; by default from the file name: {@code .pem}, {@code .crt}, {@code .cer} are PEM, {@code .jks}
 *       JKS, anything else PKCS12): the CAs of the brokers' certificates; none: the JDK's CAs;
 *   <li>{@code radflow.kafka.ssl.keystore.location}, {@code .password}, {@code .type}: a client certificate
 *       for mutual TLS (optional);
 *   <li>{@code radflow.kafka.ssl.endpoint-identification-algorithm}: {@code https} (default: the broker's
 *       certificate must name the host) or {@code none}.
 * </ul>
 *
 * Inconsistent settings are refused with one message that lists every problem ({@link
 * InvalidKafkaSecurityException}), which a service reports at startup. Passwords are never part of a
 * message or of {@link #toString()}; in the client settings they are Kafka "password" types, which
 * Kafka's own configuration log shows as {@code [hidden]}.
 */
public final class KafkaClientSecurity {
    static final String PREFIX = "radflow.kafka.";
    /** The setting of the security protocol. */
    public static final String PROTOCOL = PREFIX + "security-protocol";

    private static final String MECHANISM = PREFIX + "sasl.mechanism";
    private static final String USERNAME = PREFIX + "sasl.username";
    private static final String PASSWORD = PREFIX + "sasl.password";
    private static final String ENDPOINT_IDENTIFICATION = PREFIX + "ssl.endpoint-identification-algorithm";
    private static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    private static final Map<String, String> LOGIN_MODULES = Map.of(
            "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule",
            "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
            "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");
    private static final Set<String> STORE_TYPES = Set.of("PKCS12", "JKS", "PEM");

    private final String protocol;
    private final String description;
    private final Map<String, String> settings;

    private KafkaClientSecurity(String protocol, String description, Map<String, String> settings) {
        this.protocol = protocol;
        this.description = description;
        this.settings = Map.copyOf(settings);
    }

    /** The settings of the application's configuration (MicroProfile Config). */
    public static KafkaClientSecurity current() {
        return fromConfig(ConfigProvider.getConfig());
    }

    /** The settings of {@code config}. */
    public static KafkaClientSecurity fromConfig(Config config) {
        return of(name -> config.getOptionalValue(name, String.class));
    }

    /**
     * The settings {@code setting} gives (full names such as {@value #PROTOCOL}; empty: not set).
     *
     * @throws InvalidKafkaSecurityException when they are inconsistent
     */
    public static KafkaClientSecurity of(Function<String, Optional<String>> setting) {
        return new Reader(setting).read();
    }

    /**
     * New client settings: {@code bootstrap.servers} and the security settings of the application's
     * configuration ({@link #current()}); the caller adds its client's own.
     */
    public static Properties properties(String bootstrapServers) {
        return current().clientProperties(bootstrapServers);
    }

    /** New client settings: {@code bootstrap.servers} and these security settings. */
    public Properties clientProperties(String bootstrapServers) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.putAll(settings);
        return p;
    }

    /** The security protocol (PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL). */
    public String protocol() {
        return protocol;
    }

    /** What the clients do, for the startup log: protocol, mechanism, user, stores; never a password. */
    @Override
    public String toString() {
        return description;
    }

    /**
     * The JAAS configuration of a SASL client: the mechanism's login module with {@code username} and
     * {@code password} as quoted strings ({@link #jaasQuoted}).
     */
    static String jaasConfig(String mechanism, String username, String password) {
        return LOGIN_MODULES.get(mechanism) + " required username=" + jaasQuoted(username) + " password="
                + jaasQuoted(password) + ";";
    }

    /**
     * {@code value} as a quoted string of a JAAS configuration as Kafka reads it (a {@link
     * java.io.StreamTokenizer}): backslash and double quote escaped, line breaks written as {@code \n} and
     * {@code \r} (a raw one would end the string).
     */
    static String jaasQuoted(String value) {
        StringBuilder b = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\', '"' -> b.append('\\').append(c);
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** Kafka security settings that do not fit together; the message names every problem and setting. */
    public static final class InvalidKafkaSecurityException extends IllegalStateException {
        InvalidKafkaSecurityException(List<String> problems) {
            super("Kafka security settings (radflow.kafka.*, env RADFLOW_KAFKA_*) are inconsistent: "
                    + String.join("; ", problems));
        }
    }

    /** Reads and checks the settings, collecting every problem before refusing them. */
    private static final class Reader {
        private final Function<String, Optional<String>> setting;
        private final List<String> problems = new ArrayList<>();
        private final Map<String, String> out = new LinkedHashMap<>();
        private final List<String> said = new ArrayList<>();

        Reader(Function<String, Optional<String>> setting) {
            this.setting = setting;
        }

        private Optional<String> get(String name) {
            return setting.apply(name).map(String::trim).filter(v -> !v.isEmpty());
        }

        /** A password as given (spaces are part of it); empty: not set. */
        private Optional<String> secret(String name) {
            return setting.apply(name).filter(v -> !v.isEmpty());
        }

        KafkaClientSecurity read() {
            String protocol = get(PROTOCOL).orElse("PLAINTEXT").toUpperCase(Locale.ROOT);
            if (!PROTOCOLS.contains(protocol)) {
                problems.add(PROTOCOL + " is '" + get(PROTOCOL).orElseThrow() + "'; use one of " + PROTOCOLS);
                throw new InvalidKafkaSecurityException(problems);
            }
            said.add(protocol);
            if (!protocol.equals("PLAINTEXT")) {
                out.put("security.protocol", protocol);
            }
            sasl(protocol, protocol.startsWith("SASL_"));
            tls(protocol, protocol.endsWith("SSL"));
            if (!problems.isEmpty()) {
                throw new InvalidKafkaSecurityException(problems);
            }
            return new KafkaClientSecurity(protocol, String.join(", ", said), out);
        }

        private void sasl(String protocol, boolean on) {
            Optional<String> mechanism = get(MECHANISM).map(m -> m.toUpperCase(Locale.ROOT));
            Optional<String> username = get(USERNAME);
            Optional<String> password = secret(PASSWORD);
            if (!on) {
                notWith(protocol, "SASL_SSL or SASL_PLAINTEXT", MECHANISM, USERNAME, PASSWORD);
                return;
            }
            if (mechanism.isEmpty()) {
                problems.add(MECHANISM + " is required with " + protocol + ": one of " + mechanisms());
            } else if (!LOGIN_MODULES.containsKey(mechanism.get())) {
                problems.add(MECHANISM + " is '" + mechanism.get() + "'; use one of " + mechanisms());
            }
            if (username.isEmpty()) {
                problems.add(USERNAME + " is required with " + protocol);
            }
            if (password.isEmpty()) {
                problems.add(PASSWORD + " is required with " + protocol);
            }
            if (mechanism.isPresent()
                    && LOGIN_MODULES.containsKey(mechanism.get())
                    && username.isPresent()
                    && password.isPresent()) {
                out.put("sasl.mechanism", mechanism.get());
                out.put("sasl.jaas.config", jaasConfig(mechanism.get(), username.get(), password.get()));
                said.add(mechanism.get() + " as user " + username.get());
            }
        }

        private static List<String> mechanisms() {
            return List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
        }

        private void tls(String protocol, boolean on) {
            String truststore = PREFIX + "ssl.truststore.";
            String keystore = PREFIX + "ssl.keystore.";
            if (!on) {
                notWith(
                        protocol,
                        "SSL or SASL_SSL",
                        truststore + "location",
                        truststore + "password",
                        truststore + "type",
                        keystore + "location",
                        keystore + "password",
                        keystore + "type");
                return;
            }
            if (!store("truststore", false)) {
                said.add("the JDK's CAs");
            }
            store("keystore", true);
            String algorithm = get(ENDPOINT_IDENTIFICATION).orElse("https").toLowerCase(Locale.ROOT);
            switch (algorithm) {
                case "https" -> out.put("ssl.endpoint.identification.algorithm", "https");
                case "none" -> {
                    out.put("ssl.endpoint.identification.algorithm", "");
                    said.add("no host name verification");
                }
                default -> problems.add(ENDPOINT_IDENTIFICATION + " is '" + algorithm + "'; use https or none");
            }
        }

        /**
         * The trust store or key store ({@code kind}) settings; whether a store is configured. A key store
         * other than PEM needs its password (Kafka reads it with it).
         */
        private boolean store(String kind, boolean passwordRequired) {
            String base = PREFIX + "ssl." + kind + ".";
            Optional<String> location = get(base + "location");
            Optional<String> password = secret(base + "password");
            Optional<String> type = get(base + "type").map(t -> t.toUpperCase(Locale.ROOT));
            if (location.isEmpty()) {
                for (String name : List.of(base + "password", base + "type")) {
                    if (secret(name).isPresent()) {
                        problems.add(name + " is set without " + base + "location");
                    }
                }
                return false;
            }
            String file = location.get();
            String t = type.orElseGet(() -> typeOf(file));
            if (!Files.isReadable(Path.of(file)) || Files.isDirectory(Path.of(file))) {
                problems.add(base + "location " + file + " is not a readable file");
            }
            if (!STORE_TYPES.contains(t)) {
                problems.add(base + "type is '" + t + "'; use one of PKCS12, JKS, PEM");
            } else if (t.equals("PEM") && password.isPresent()) {
                problems.add(base + "password is set for a PEM file, which Kafka reads without one: remove it");
            } else if (!t.equals("PEM") && passwordRequired && password.isEmpty()) {
                problems.add(base + "password is required with the " + t + " file " + file);
            }
            out.put("ssl." + kind + ".location", file);
            out.put("ssl." + kind + ".type", t);
            password.ifPresent(p -> out.put("ssl." + kind + ".password", p));
            said.add(kind + " " + file + " (" + t + ")");
            return true;
        }

        /** {@code PEM} for .pem, .crt and .cer files, {@code JKS} for .jks, else {@code PKCS12}. */
        private static String typeOf(String file) {
            String f = file.toLowerCase(Locale.ROOT);
            if (f.endsWith(".pem") || f.endsWith(".crt") || f.endsWith(".cer")) {
                return "PEM";
            }
            return f.endsWith(".jks") ? "JKS" : "PKCS12";
        }

        /** Settings of a protocol's feature given while {@code protocol} does not use it. */
        private void notWith(String protocol, String protocols, String... names) {
            List<String> given =
                    List.of(names).stream().filter(n -> secret(n).isPresent()).toList();
            if (!given.isEmpty()) {
                problems.add(String.join(", ", given) + (given.size() == 1 ? " is" : " are") + " set but " + PROTOCOL
                        + " is " + protocol + ": use " + protocols + ", or remove "
                        + (given.size() == 1 ? "it" : "them"));
            }
        }
    }
}
