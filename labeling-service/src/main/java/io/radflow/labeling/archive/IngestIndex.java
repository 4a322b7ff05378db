package io.radflow.labeling.archive;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link ArchiveIndex} over ingest's read contract ({@code docs/archive-index.md}): the views
 * {@code ingest.v_series} and {@code ingest.v_instance}, read through the read-only datasource
 * {@code ingest}. Instance locations are cached, so that a frame request runs no SQL: the first
 * request for an instance loads the locations of its whole series in one query (a viewer asks for
 * every frame of the series next), and an entry older than {@link #REFRESH} is reloaded in the
 * background on its next use while the cached one still answers (so a replaced or deleted instance
 * is seen within that time, as before, without a query on the request path).
 */
@ApplicationScoped
public class IngestIndex implements ArchiveIndex {
    private static final String INSTANCE_COLUMNS =
            "study_iuid, series_iuid, sop_iuid, sop_cuid, transfer_syntax_uid, storage_path, instance_number, updated_at";
    private static final String ORDER = " ORDER BY instance_number NULLS LAST, sop_iuid";

    private final AgroalDataSource ds;
    private final ArchiveFiles files;
    /** How long a cached instance location is used before it is reloaded (in the background). */
    static final Duration REFRESH = Duration.ofSeconds(30);

    private final LoadingCache<String, InstanceLocation> locations;

    public IngestIndex(@DataSource("ingest") AgroalDataSource ds, ArchiveFiles files) {
        this.ds = ds;
        this.files = files;
        this.locations = Caffeine.newBuilder()
                .maximumSize(100_000)
                .refreshAfterWrite(REFRESH)
                .expireAfterAccess(Duration.ofMinutes(30))
                .build(this::load);
    }

    @Override
    public List<InstanceLocation> instances(String studyUID, String seriesUID) {
        String sql = seriesUID == null
                ? "SELECT i." + INSTANCE_COLUMNS.replace(", ", ", i.")
                        + " FROM ingest.v_instance i JOIN ingest.v_series s ON s.series_iuid = i.series_iuid"
                        + " WHERE i.study_iuid = ?"
                        + " ORDER BY s.series_number NULLS LAST, i.series_iuid, i.instance_number NULLS LAST, i.sop_iuid"
                : "SELECT " + INSTANCE_COLUMNS + " FROM ingest.v_instance WHERE study_iuid = ? AND series_iuid = ?"
                        + ORDER;
        List<InstanceLocation> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, studyUID);
            if (seriesUID != null) {
                ps.setString(2, seriesUID);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    InstanceLocation l = location(rs);
                    locations.put(l.sopInstanceUID(), l);
                    out.add(l);
                }
            }
        } catch (SQLException e) {
            throw new IndexUnavailableException(e);
        }
        return out;
    }

    @Override
    public Optional<InstanceLocation> instance(String studyUID, String seriesUID, String sopUID) {
        InstanceLocation l = locations.getIfPresent(sopUID);
        if (l == null) {
            instances(studyUID, seriesUID); // the whole series, cached
            l = locations.getIfPresent(sopUID);
            if (l == null) {
                l = locations.get(sopUID); // indexed elsewhere (another study or series), or not at all
            }
        }
        return l != null
                        && l.studyInstanceUID().equals(studyUID)
                        && l.seriesInstanceUID().equals(seriesUID)
                ? Optional.of(l)
                : Optional.empty();
    }

    /**
     * Makes {@code synthetic} instances resolvable by their UIDs as if indexed, until {@link #forget}: the
     * start-up warm-up's series, whose UIDs are random and exist nowhere else.
     */
    public void adopt(List<InstanceLocation> synthetic) {
        synthetic.forEach(l -> locations.put(l.sopInstanceUID(), l));
    }

    /** Undoes {@link #adopt}. */
    public void forget(List<InstanceLocation> synthetic) {
        locations.invalidateAll(
                synthetic.stream().map(InstanceLocation::sopInstanceUID).toList());
    }

    /** One instance's location from the index, null when it is not indexed (the cache's loader). */
    private InstanceLocation load(String sopUID) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT " + INSTANCE_COLUMNS + " FROM ingest.v_instance WHERE sop_iuid = ?")) {
            ps.setString(1, sopUID);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? location(rs) : null;
            }
        } catch (SQLException e) {
            throw new IndexUnavailableException(e);
        }
    }

    @Override
    public List<String> series(String studyUID) {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT series_iuid FROM ingest.v_series WHERE study_iuid = ?"
                        + " ORDER BY series_number NULLS LAST, series_iuid")) {
            ps.setString(1, studyUID);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IndexUnavailableException(e);
        }
        return out;
    }

    @Override
    public Optional<PreparedMetadata> seriesMetadata(String studyUID, String seriesUID) {
        try (Connection c = ds.getConnection()) {
            String version;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT metadata_gz, metadata_stale, metadata_instances, number_of_instances, updated_at"
                            + " FROM ingest.v_series WHERE study_iuid = ? AND series_iuid = ?")) {
                ps.setString(1, studyUID);
                ps.setString(2, seriesUID);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    byte[] gz = rs.getBytes(1);
                    boolean stale = rs.getBoolean(2);
                    version = rs.getInt(4) + "@" + millis(rs.getTimestamp(5));
                    if (gz != null && !stale) {
                        return Optional.of(new PreparedMetadata(null, gz, version));
                    }
                }
            }
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            json.write('[');
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT metadata, updated_at FROM ingest.v_instance WHERE study_iuid = ? AND series_iuid = ?"
                            + ORDER)) {
                ps.setString(1, studyUID);
                ps.setString(2, seriesUID);
                long newest = 0;
                int n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (n++ > 0) {
                            json.write(',');
                        }
                        json.writeBytes(rs.getBytes(1));
                        newest = Math.max(newest, millis(rs.getTimestamp(2)));
                    }
                }
                version = version + "/" + n + "@" + newest;
            }
            json.write(']');
            return Optional.of(new PreparedMetadata(json.toByteArray(), null, version));
        } catch (SQLException e) {
            throw new IndexUnavailableException(e);
        }
    }

    @Override
    public Optional<byte[]> instanceMetadata(String studyUID, String seriesUID, String sopUID) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT metadata FROM ingest.v_instance"
                        + " WHERE study_iuid = ? AND series_iuid = ? AND sop_iuid = ?")) {
            ps.setString(1, studyUID);
            ps.setString(2, seriesUID);
            ps.setString(3, sopUID);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IndexUnavailableException(e);
        }
    }

    private InstanceLocation location(ResultSet rs) throws SQLException {
        return files.location(rs);
    }

    private static long millis(Timestamp t) {
        return t == null ? 0 : t.getTime();
    }
}
