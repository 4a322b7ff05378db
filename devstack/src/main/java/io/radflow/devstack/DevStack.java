package io.radflow.devstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one component of the local stack in the foreground until it is sent SIGTERM, used by
 * {@code deploy/local/up.sh}:
 *
 * <pre>
 * DevStack postgres --port 15432 --data DIR --work DIR [--clean]
 * DevStack kafka    --port 19092 --controller-port 19093 --data DIR [--libs DIR] [--clean]
 *                   [--sasl PLAIN,SCRAM-SHA-512 --sasl-user NAME:PASSWORD]
 * DevStack keycloak --port 18180 --home DIR --realm FILE [--zip FILE] [-- extra kc.sh args]
 * DevStack s3proxy  --port 18333 --data DIR --access-key ID [--jar FILE] [--clean]   (secret key: env S3PROXY_SECRET_KEY)
 * </pre>
 *
 * Prints {@code READY <component>} once the component accepts connections.
 */
public final class DevStack {
    private DevStack() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            return;
        }
        Map<String, String> opts = new HashMap<>();
        List<String> extra = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--")) {
                extra.addAll(List.of(args).subList(i + 1, args.length));
                break;
            } else if (args[i].equals("--clean")) {
                opts.put("clean", "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                opts.put(args[i].substring(2), args[++i]);
            } else {
                usage();
                System.exit(2);
            }
        }
        boolean clean = opts.containsKey("clean");
        AutoCloseable component =
                switch (args[0]) {
                    case "postgres" -> {
                        var pg = new PostgresServer(
                                Integer.parseInt(opts.getOrDefault("port", "15432")),
                                Path.of(required(opts, "data")),
                                Path.of(required(opts, "work")),
                                clean);
                        pg.start();
                        yield pg;
                    }
                    case "kafka" -> {
                        var kafka = new KafkaBroker(
                                opts.containsKey("libs") ? Path.of(opts.get("libs")) : KafkaBroker.defaultLibs(),
                                Path.of(required(opts, "data")),
                                Integer.parseInt(opts.getOrDefault("port", "19092")),
                                Integer.parseInt(opts.getOrDefault("controller-port", "19093")),
                                clean);
                        if (opts.containsKey("sasl")) {
                            String[] user = required(opts, "sasl-user").split(":", 2);
                            kafka.withSasl(
                                    Map.of(user[0], user.length > 1 ? user[1] : ""),
                                    opts.get("sasl").split(","));
                        }
                        kafka.start();
                        yield kafka;
                    }
                    case "keycloak" -> {
                        var kc = new KeycloakServer(
                                opts.containsKey("zip") ? Path.of(opts.get("zip")) : KeycloakServer.defaultZip(),
                                Path.of(required(opts, "home")),
                                Integer.parseInt(opts.getOrDefault("port", "18180")),
                                Path.of(required(opts, "realm")),
                                extra);
                        kc.start();
                        yield kc;
                    }
                    case "s3proxy" -> {
                        String secret = System.getenv("S3PROXY_SECRET_KEY");
                        if (secret == null || secret.isBlank()) {
                            System.err.println("set S3PROXY_SECRET_KEY (the secret is never a command-line argument)");
                            System.exit(2);
                        }
                        var s3 = new S3ProxyServer(
                                opts.containsKey("jar") ? Path.of(opts.get("jar")) : S3ProxyServer.defaultJar(),
                                Path.of(required(opts, "data")),
                                Integer.parseInt(opts.getOrDefault("port", "18333")),
                                required(opts, "access-key"),
                                secret,
                                clean);
                        s3.start();
                        yield s3;
                    }
                    default -> {
                        usage();
                        System.exit(2);
                        yield null;
                    }
                };
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                component.close();
            } catch (Exception e) {
                System.err.println("stop " + args[0] + ": " + e);
            }
            stopped.countDown();
        }));
        System.out.println("READY " + args[0]);
        System.out.flush();
        stopped.await();
    }

    private static String required(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) {
            System.err.println("missing --" + name);
            usage();
            System.exit(2);
        }
        return v;
    }

    private static void usage() {
        System.err.println("usage: DevStack postgres|kafka|keycloak|s3proxy [options]  (see the class javadoc)");
    }
}
