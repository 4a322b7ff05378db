package io.radflow.service.security;

/**
 * The realm roles of Keycloak realm {@code radflow} ({@code deploy/keycloak/radflow-realm.json}), as
 * compile-time constants for {@code @RolesAllowed}. Services read them from the access token's
 * {@code realm_access.roles} claim. The role matrix per endpoint class is in {@code docs/security.md}.
 */
public final class Roles {
    /** Reads studies and AI results (DICOMweb reads, viewer, status). */
    public static final String RADIOLOGIST = "radiologist";
    /** Reads studies, writes labels, runs semi-automatic tools. */
    public static final String ANNOTATOR = "annotator";
    /** Exports spreadsheets and training sets. */
    public static final String RESEARCHER = "researcher";
    /** Configuration and deletion. */
    public static final String ADMIN = "admin";
    /** Stores instances only (C-STORE / STOW-RS pushers, PACS gateways). */
    public static final String PACS = "pacs";

    /** Every role, in the order of the realm file. */
    public static final String[] ALL = {RADIOLOGIST, ANNOTATOR, RESEARCHER, ADMIN, PACS};

    private Roles() {}
}
