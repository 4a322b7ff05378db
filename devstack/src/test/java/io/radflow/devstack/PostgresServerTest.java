package io.radflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL of local runs and tests must be as durable as a real one: Radflow answers a
 * C-STORE or STOW-RS with success only after its index commit, so a commit must reach the disk
 * (zonky's defaults, -F and synchronous_commit=off, are for throw-away databases).
 */
class PostgresServerTest {
    @Test
    void commitsAreDurableAndOnlyLoopbackListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory(Path.of("target"), "pg-");
        try (PostgresServer pg = new PostgresServer(port, dir.resolve("data"), dir.resolve("work"), true)) {
            pg.start();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), PostgresServer.USER, "");
                    Statement st = c.createStatement()) {
                assertThat(show(st, "fsync")).isEqualTo("on");
                assertThat(show(st, "synchronous_commit")).isEqualTo("on");
                assertThat(show(st, "full_page_writes")).isEqualTo("on");
                assertThat(show(st, "listen_addresses")).isEqualTo("127.0.0.1");
            }
        }
    }

    private static String show(Statement st, String setting) throws Exception {
        try (ResultSet rs = st.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
