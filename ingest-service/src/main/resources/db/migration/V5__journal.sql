-- Ingest journal (ingest-service README, "Journal"): instances acknowledged on the fast path are
-- indexed by the applier with the sequence number of their journal record, so that a replay after a
-- crash recognises what was already applied. NULL: stored by the direct path (no journal record).
ALTER TABLE instance ADD COLUMN journal_seq BIGINT;

-- Written by each journal checkpoint with synchronous commit (which also makes every earlier
-- asynchronously committed index transaction durable); seq is the highest record applied so far.
CREATE TABLE journal_checkpoint (
    id   INT PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    seq  BIGINT      NOT NULL,
    at   TIMESTAMPTZ NOT NULL
);
