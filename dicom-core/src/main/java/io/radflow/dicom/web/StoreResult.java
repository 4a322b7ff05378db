package io.radflow.dicom.web;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.net.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of a STOW-RS request, from its DICOM JSON response (PS3.18 10.5.3).
 *
 * @param httpStatus the response status (200 all stored, 202 some failed or warnings, 409 all failed)
 * @param stored SOP Instance UIDs in the Referenced SOP Sequence (stored, possibly with a warning)
 * @param failed the Failed SOP Sequence's items
 * @param warnings one line per Warning Reason (per instance) and per HTTP {@code Warning} header
 */
public record StoreResult(int httpStatus, List<String> stored, List<Failure> failed, List<String> warnings) {
    /**
     * One instance that was not stored.
     *
     * @param sopInstanceUid Referenced SOP Instance UID
     * @param sopClassUid Referenced SOP Class UID
     * @param failureReason Failure Reason (0x0110 processing failure, 0x0111 duplicate SOP instance,
     *     0x0122 SOP class not supported, 0xA700 out of resources, 0xA900 data set does not match SOP
     *     class, 0xC000 cannot understand, ...)
     * @param errorComment Error Comment, or null
     */
    public record Failure(String sopInstanceUid, String sopClassUid, int failureReason, String errorComment) {
        @Override
        public String toString() {
            return sopInstanceUid + ": " + Status.toString(failureReason)
                    + (errorComment == null ? "" : " (" + errorComment + ")");
        }
    }

    public StoreResult {
        stored = List.copyOf(stored);
        failed = List.copyOf(failed);
        warnings = List.copyOf(warnings);
    }

    /** Whether every instance sent was stored (a warning included) and none failed. */
    public boolean allStored() {
        return failed.isEmpty();
    }

    /** The result in a STOW-RS response data set; {@code httpWarnings} are the HTTP Warning headers. */
    static StoreResult of(int httpStatus, Attributes rsp, List<String> httpWarnings) {
        List<String> stored = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        List<String> warnings = new ArrayList<>(httpWarnings);
        Sequence refs = rsp.getSequence(Tag.ReferencedSOPSequence);
        for (Attributes item : refs == null ? List.<Attributes>of() : refs) {
            String uid = item.getString(Tag.ReferencedSOPInstanceUID);
            stored.add(uid);
            int warning = item.getInt(Tag.WarningReason, 0);
            if (warning != 0) {
                warnings.add(uid + ": " + Status.toString(warning));
            }
        }
        Sequence fails = rsp.getSequence(Tag.FailedSOPSequence);
        for (Attributes item : fails == null ? List.<Attributes>of() : fails) {
            failed.add(new Failure(
                    item.getString(Tag.ReferencedSOPInstanceUID),
                    item.getString(Tag.ReferencedSOPClassUID),
                    item.getInt(Tag.FailureReason, Status.ProcessingFailure),
                    item.getString(Tag.ErrorComment)));
        }
        return new StoreResult(httpStatus, stored, failed, warnings);
    }
}
