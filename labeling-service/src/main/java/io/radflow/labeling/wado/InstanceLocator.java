package io.radflow.labeling.wado;

import io.radflow.labeling.archive.ArchiveIndex;
import io.radflow.labeling.archive.InstanceFiles;
import io.radflow.labeling.archive.InstanceLocation;
import io.radflow.labeling.archive.ParsedInstance;
import io.radflow.labeling.dicomweb.DicomWebException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.regex.Pattern;

/** Resolves WADO-RS path UIDs to archived instances; unknown or malformed UIDs end in 404 / 400. */
@ApplicationScoped
public class InstanceLocator {
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    private final ArchiveIndex index;
    private final InstanceFiles files;

    public InstanceLocator(ArchiveIndex index, InstanceFiles files) {
        this.index = index;
        this.files = files;
    }

    /** The instances of a study or series (404 when there are none). */
    public List<InstanceLocation> instances(String study, String series) {
        checkUid(study);
        if (series != null) {
            checkUid(series);
        }
        List<InstanceLocation> list = index.instances(study, series);
        if (list.isEmpty()) {
            throw DicomWebException.notFound(
                    series == null ? "study " + study : "series " + series + " of study " + study);
        }
        return list;
    }

    /** One instance (404 when not indexed). */
    public InstanceLocation instance(String study, String series, String sop) {
        checkUid(study);
        checkUid(series);
        checkUid(sop);
        return index.instance(study, series, sop)
                .orElseThrow(() -> DicomWebException.notFound("instance " + sop + " of series " + series));
    }

    /** One instance, parsed (cached). */
    public ParsedInstance parsed(String study, String series, String sop) {
        return files.parse(instance(study, series, sop));
    }

    /** Parses (cached). */
    public ParsedInstance parsed(InstanceLocation loc) {
        return files.parse(loc);
    }

    /** Whether {@code uid} is a syntactically valid UID (digits and dots, at most 64 characters). */
    public static boolean isUid(String uid) {
        return uid != null && uid.length() <= 64 && UID.matcher(uid).matches();
    }

    /** 400 unless {@code uid} is a syntactically valid UID. */
    public static void checkUid(String uid) {
        if (!isUid(uid)) {
            throw DicomWebException.badRequest("malformed UID '" + uid + "'");
        }
    }
}
