-- The change feed: every transaction that writes items takes the next
-- sequence number from feed_head (its row lock makes writers commit in
-- sequence order, so a reader that has seen sequence n has seen every
-- change numbered up to n) and records the ids it changed in
-- item_changes. A rebuild bumps the generation and clears item_changes:
-- replicas then reload every item.

-- +goose Up
CREATE TABLE feed_head (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    seq        bigint NOT NULL DEFAULT 0,
    generation bigint NOT NULL DEFAULT 1,
    changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO feed_head DEFAULT VALUES;

CREATE TABLE item_changes (
    seq        bigint NOT NULL,
    id         text COLLATE "C" NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (seq, id)
);

-- +goose Down
DROP TABLE item_changes;
DROP TABLE feed_head;
