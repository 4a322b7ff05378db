package io.radflow.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * PostgreSQL from the zonky embedded binaries (a Maven Central artifact), on 127.0.0.1 only. The
 * data directory is kept between starts unless {@code clean} is asked for, so a restart is not a reset.
 * Creates the database {@value #DATABASE}; each service owns one schema in it (Flyway).
 */
public final class PostgresServer implements AutoCloseable {
    /** The database every Radflow service connects to, one schema per service. */
    public static final String DATABASE = "radflow";
    /** Superuser created by initdb; local and test runs only (trust authentication on loopback). */
    public static final String USER = "postgres";

    private final int port;
    private final Path dataDir;
    private final Path workDir;
    private boolean clean;
    private EmbeddedPostgres postgres;

    public PostgresServer(int port, Path dataDir, Path workDir, boolean clean) {
        this.port = port;
        this.dataDir = dataDir;
        this.workDir = workDir;
        this.clean = clean;
    }

    /** Starts PostgreSQL and makes sure the {@value #DATABASE} database exists. */
    public synchronized void start() throws IOException {
        if (postgres != null) {
            return;
        }
        stopStale();
        if (clean) {
            Processes.deleteTree(dataDir);
            clean = false; // a later restart keeps the data, as a real restart would
        }
        Files.createDirectories(dataDir.getParent());
        Files.createDirectories(workDir);
        if (Net.isOpen(port)) {
            throw new IOException("PostgreSQL: port " + port + " on 127.0.0.1 is already in use by another process");
        }
        postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(workDir.toFile())
                .setServerConfig("listen_addresses", Net.LOOPBACK)
                .setServerConfig("unix_socket_directories", "")
                .setServerConfig("max_connections", "200")
                // zonky's defaults are for throw-away test databases (-F, synchronous_commit=off); Radflow
                // acknowledges an instance only after its index commit is durable, so both are on here
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setRegisterShutdownHook(true)
                .start();
        createDatabase();
    }

    private void createDatabase() throws IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement st = c.createStatement()) {
            var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!rs.next()) {
                st.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IOException("PostgreSQL: cannot create database " + DATABASE + ": " + e.getMessage(), e);
        }
    }

    /** A postmaster left running by a killed earlier run would hold the port and the data directory. */
    private void stopStale() throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (Files.exists(pidFile)) {
            Processes.killStale(pidFile);
        }
    }

    /** JDBC URL of the {@value #DATABASE} database. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + Net.LOOPBACK + ":" + port + "/" + DATABASE;
    }

    public int port() {
        return port;
    }

    public synchronized boolean isRunning() {
        return postgres != null;
    }

    /** Stops PostgreSQL (fast shutdown); the data directory stays. */
    @Override
    public synchronized void close() throws IOException {
        if (postgres != null) {
            try {
                postgres.close();
            } finally {
                postgres = null;
            }
        }
    }
}
