-- Feed pruning: item_changes is cut to a retention window. pruned_seq is
-- the last sequence number whose changes were dropped: a replica whose
-- position is before it can no longer catch up change by change, and
-- reloads the whole generation instead.

-- +goose Up
ALTER TABLE feed_head ADD COLUMN pruned_seq bigint NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE feed_head DROP COLUMN pruned_seq;
