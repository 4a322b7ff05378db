package io.radflow.labeling.audit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The Patient ID of a study, from ingest's index view {@code ingest.v_study} (read-only datasource
 * {@code ingest}), for the audit record of a read. Cached for a few minutes, so the hundreds of
 * requests a viewer sends for one study cost one query; an unknown study or an unavailable index gives
 * {@code null} and never fails the audited request.
 */
@ApplicationScoped
public class StudyPatients {
    private static final Logger LOG = Logger.getLogger(StudyPatients.class);
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
    private static final String UNKNOWN = "";

    private final AgroalDataSource ds;
    private final Cache<String, String> cache = Caffeine.newBuilder()
            .maximumSize(20_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();

    public StudyPatients(@DataSource("ingest") AgroalDataSource ds) {
        this.ds = ds;
    }

    /** The Patient ID of {@code studyUID}, or {@code null} when the study is unknown or the UID malformed. */
    public String patientOf(String studyUID) {
        if (studyUID == null) {
            return null;
        }
        String id = cache.getIfPresent(studyUID); // holds well-formed UIDs only: no pattern match per frame
        if (id == null) {
            if (studyUID.length() > 64 || !UID.matcher(studyUID).matches()) {
                return null;
            }
            id = lookup(studyUID);
            if (id == null) {
                return null; // index unavailable: ask again next time
            }
            cache.put(studyUID, id);
        }
        return id.isEmpty() ? null : id;
    }

    private String lookup(String studyUID) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT patient_id FROM ingest.v_study WHERE study_iuid = ?")) {
            ps.setString(1, studyUID);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(1) != null ? rs.getString(1) : UNKNOWN;
            }
        } catch (SQLException e) {
            LOG.warnf(
                    "patient of study %s for the audit trail not found, index unavailable: %s",
                    studyUID, e.getMessage());
            return null;
        }
    }
}
