package io.radflow.labeling.rest;

import jakarta.ws.rs.core.UriInfo;

/** The absolute URL of this server's DICOMweb root as the client addressed it. */
final class DicomWebRoot {
    private DicomWebRoot() {}

    static String of(UriInfo uri) {
        String base = uri.getBaseUri().toString();
        return (base.endsWith("/") ? base : base + "/") + "dicomweb";
    }
}
