-- Items and their content hashes. The embedding column is added by the
-- application once the vector dimension is known (see vector_meta).

-- +goose Up
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE items (
    id                     text COLLATE "C" PRIMARY KEY,
    kind                   text NOT NULL,
    modality               text NOT NULL DEFAULT '',
    language               text NOT NULL DEFAULT '',
    location               text NOT NULL DEFAULT '',
    -- location with every letter case-folded, compared by filters.
    location_key           text NOT NULL DEFAULT '',
    price_eur              double precision,
    duration_hours         double precision,
    cpf_eligible           boolean NOT NULL DEFAULT false,
    active                 boolean NOT NULL DEFAULT true,
    mentor_capacity        integer,
    mentor_current_mentees integer,
    mission_start          timestamptz,
    mission_end            timestamptz,
    hash                   text NOT NULL,
    doc                    jsonb NOT NULL,
    updated_at             timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX items_kind ON items (kind);

-- One row: the dimension of the vectors in items.embedding.
CREATE TABLE vector_meta (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    dims      integer NOT NULL CHECK (dims > 0)
);

-- +goose Down
DROP TABLE vector_meta;
DROP TABLE items;
