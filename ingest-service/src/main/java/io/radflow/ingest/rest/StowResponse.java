package io.radflow.ingest.rest;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.json.JSONWriter;
import io.radflow.dicom.net.Status;
import io.radflow.ingest.receive.IngestResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The STOW-RS response (PS3.18 10.5.3): Retrieve URL of the study, ReferencedSOPSequence (stored
 * instances, with RetrieveURL and WarningReason when applicable) and FailedSOPSequence (with
 * FailureReason), and the HTTP status: 200 all stored, 202 some failed or warnings, 409 all failed
 * (503 when every failure is out-of-resources).
 */
final class StowResponse {
    private final String retrieveBase;
    private final List<IngestResult> results = new ArrayList<>();

    StowResponse(String retrieveBase) {
        this.retrieveBase =
                retrieveBase.endsWith("/") ? retrieveBase.substring(0, retrieveBase.length() - 1) : retrieveBase;
    }

    void add(IngestResult r) {
        results.add(r);
    }

    List<IngestResult> results() {
        return results;
    }

    boolean isEmpty() {
        return results.isEmpty();
    }

    int httpStatus() {
        long failed = results.stream().filter(r -> !r.success()).count();
        if (failed == 0) {
            return results.stream().anyMatch(r -> Status.isWarning(r.status())) ? 202 : 200;
        }
        if (failed < results.size()) {
            return 202;
        }
        return results.stream().allMatch(r -> r.status() == Status.OutOfResources) ? 503 : 409;
    }

    byte[] json(String studyFromUrl) {
        Attributes rsp = new Attributes();
        String study = studyFromUrl;
        if (study == null) {
            study = results.stream()
                    .filter(IngestResult::success)
                    .map(IngestResult::studyInstanceUID)
                    .distinct()
                    .reduce((a, b) -> a.equals(b) ? a : "")
                    .orElse("");
        }
        if (!study.isEmpty()) {
            rsp.setString(Tag.RetrieveURL, VR.UR, retrieveBase + "/studies/" + study);
        }
        Sequence failed = null;
        Sequence referenced = null;
        for (IngestResult r : results) {
            Attributes item = new Attributes();
            item.setString(Tag.ReferencedSOPClassUID, VR.UI, nonNull(r.sopClassUID()));
            item.setString(Tag.ReferencedSOPInstanceUID, VR.UI, nonNull(r.sopInstanceUID()));
            if (r.success()) {
                item.setString(
                        Tag.RetrieveURL,
                        VR.UR,
                        retrieveBase + "/studies/" + r.studyInstanceUID() + "/series/" + r.seriesInstanceUID()
                                + "/instances/" + r.sopInstanceUID());
                if (Status.isWarning(r.status())) {
                    item.setInt(Tag.WarningReason, VR.US, r.status());
                }
                if (referenced == null) {
                    referenced = rsp.newSequence(Tag.ReferencedSOPSequence, results.size());
                }
                referenced.add(item);
            } else {
                item.setInt(Tag.FailureReason, VR.US, r.status());
                if (r.reason() != null) { // the specific reason, as in a C-STORE-RSP (LO: at most 64 characters)
                    item.setString(
                            Tag.ErrorComment,
                            VR.LO,
                            r.reason().length() > 64 ? r.reason().substring(0, 64) : r.reason());
                }
                if (failed == null) {
                    failed = rsp.newSequence(Tag.FailedSOPSequence, results.size());
                }
                failed.add(item);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var gen = JSONWriter.createGenerator(out)) {
            new JSONWriter(gen).write(rsp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
