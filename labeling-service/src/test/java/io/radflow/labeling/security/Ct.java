package io.radflow.labeling.security;

import io.radflow.labeling.testing.TestData;
import io.radflow.service.security.Roles;

/** Paths of the indexed test CT for the role-matrix tests, and the roles that may read them. */
final class Ct {
    /** DICOMweb reads: radiologist, annotator, researcher, admin (not pacs). */
    static final String[] READERS = {Roles.RADIOLOGIST, Roles.ANNOTATOR, Roles.RESEARCHER, Roles.ADMIN};

    private Ct() {}

    static String study() {
        return "/dicomweb/studies/" + TestData.ct().info().studyInstanceUid();
    }

    static String series() {
        return study() + "/series/" + TestData.ct().series().get(0).seriesInstanceUid();
    }

    static String instance() {
        return series() + "/instances/"
                + TestData.ct().series().get(0).sopInstanceUids().get(0);
    }
}
