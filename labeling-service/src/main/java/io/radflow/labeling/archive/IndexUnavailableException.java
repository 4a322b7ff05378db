package io.radflow.labeling.archive;

import java.sql.SQLException;

/** The archive index could not be read (PostgreSQL down, contract views missing). Answered with 503. */
public class IndexUnavailableException extends RuntimeException {
    public IndexUnavailableException(SQLException cause) {
        super("archive index unavailable: " + cause.getMessage(), cause);
    }
}
