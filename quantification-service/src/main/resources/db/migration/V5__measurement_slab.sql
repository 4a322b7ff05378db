-- Slices averaged around L3 (1: the L3 slice alone), as requested through the API.
ALTER TABLE measurement ADD COLUMN slab_slices INTEGER NOT NULL DEFAULT 1;
