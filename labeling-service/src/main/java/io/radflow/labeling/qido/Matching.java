package io.radflow.labeling.qido;

/** How a query key is matched (PS3.4 C.2.2.2). */
enum Matching {
    /** Single value or list of UIDs ({@code ,} or {@code \} separated). */
    UID_LIST,
    /** Single value, or {@code *}/{@code ?} wildcards; case-sensitive. */
    STRING,
    /** Person name: as {@link #STRING} on the whole value or its alphabetic group; fuzzy on the normalised form. */
    PERSON_NAME,
    /** Date {@code YYYYMMDD} or range {@code A-B}, {@code -B}, {@code A-}. */
    DATE,
    /** Time {@code HHMMSS[.F]} or range. */
    TIME,
    /** Integer value. */
    NUMBER,
    /** One of the values of a multi-valued column (text[]): single value or list. */
    ARRAY,
    /** Returned only; a match on it is ignored with a warning. */
    NONE
}
