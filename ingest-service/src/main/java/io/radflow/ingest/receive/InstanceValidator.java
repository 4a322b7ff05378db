package io.radflow.ingest.receive;

import io.radflow.dicom.data.UID;
import io.radflow.dicom.net.Status;
import io.radflow.ingest.index.InstanceAttributes;

/**
 * The "validate" stage: the UIDs the archive and index rely on must be present and valid (PS3.5
 * 9.1), the data set's SOP Class and Instance UIDs must equal those of the command / File Meta
 * Information, and the StudyInstanceUID must equal the one of the STOW-RS URL when given.
 * Everything else is accepted as sent.
 */
public final class InstanceValidator {
    private InstanceValidator() {}

    /**
     * @param expectedStudy the StudyInstanceUID of the request URL, or null
     * @throws InvalidInstanceException with failure reason A900 (data set does not match SOP class /
     *     request) or C000 (cannot understand: missing or invalid UID)
     */
    public static void validate(ReceivedInstance ri, String expectedStudy) throws InvalidInstanceException {
        InstanceAttributes a = ri.attributes();
        String cuid = ri.sopClassUID();
        String iuid = ri.sopInstanceUID();
        require(cuid, iuid, a.sopClassUID(), "SOPClassUID (0008,0016)");
        require(cuid, iuid, a.sopInstanceUID(), "SOPInstanceUID (0008,0018)");
        require(cuid, iuid, a.studyInstanceUID(), "StudyInstanceUID (0020,000D)");
        require(cuid, iuid, a.seriesInstanceUID(), "SeriesInstanceUID (0020,000E)");
        if (!a.sopClassUID().equals(cuid)) {
            throw new InvalidInstanceException(
                    Status.DataSetDoesNotMatchSOPClassError,
                    cuid,
                    iuid,
                    "SOPClassUID " + a.sopClassUID() + " of the data set differs from " + cuid);
        }
        if (!a.sopInstanceUID().equals(iuid)) {
            throw new InvalidInstanceException(
                    Status.CannotUnderstand,
                    cuid,
                    iuid,
                    "SOPInstanceUID " + a.sopInstanceUID() + " of the data set differs from " + iuid);
        }
        if (expectedStudy != null && !expectedStudy.equals(a.studyInstanceUID())) {
            throw new InvalidInstanceException(
                    Status.DataSetDoesNotMatchSOPClassError,
                    cuid,
                    iuid,
                    "StudyInstanceUID " + a.studyInstanceUID() + " differs from the request's " + expectedStudy);
        }
    }

    private static void require(String cuid, String iuid, String value, String name) throws InvalidInstanceException {
        if (value == null) {
            throw new InvalidInstanceException(Status.CannotUnderstand, cuid, iuid, "missing " + name);
        }
        if (!UID.isValid(value)) {
            throw new InvalidInstanceException(Status.CannotUnderstand, cuid, iuid, "invalid " + name + ": " + value);
        }
    }
}
