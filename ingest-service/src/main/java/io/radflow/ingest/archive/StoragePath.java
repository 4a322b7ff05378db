package io.radflow.ingest.archive;

import io.radflow.dicom.data.UID;

/**
 * The archive path of one instance, {@code <study>/<series>/<sop>.dcm}, built only from UIDs that
 * pass {@link UID#isValid} (digits and dots, at most 64 characters), so no path can escape the
 * archive root.
 */
public record StoragePath(String studyInstanceUID, String seriesInstanceUID, String sopInstanceUID) {

    public StoragePath {
        check(studyInstanceUID, "StudyInstanceUID");
        check(seriesInstanceUID, "SeriesInstanceUID");
        check(sopInstanceUID, "SOPInstanceUID");
    }

    private static void check(String uid, String name) {
        if (!UID.isValid(uid)) {
            throw new IllegalArgumentException("invalid " + name + ": " + uid);
        }
    }

    /** The relative path with '/' separators. */
    public String relative() {
        return studyInstanceUID + "/" + seriesInstanceUID + "/" + sopInstanceUID + ".dcm";
    }

    /** Parses a relative path written by {@link #relative()}. */
    public static StoragePath parse(String relative) {
        String[] p = relative.split("/", -1);
        if (p.length != 3 || !p[2].endsWith(".dcm")) {
            throw new IllegalArgumentException("not an archive path: " + relative);
        }
        return new StoragePath(p[0], p[1], p[2].substring(0, p[2].length() - 4));
    }

    @Override
    public String toString() {
        return relative();
    }
}
