/**
 * The labeling service's role matrix (docs/security.md), one {@code SecurityContract} per DICOMweb
 * endpoint class, CORS on the secured server, and its audit trail.
 */
package io.radflow.labeling.security;
