-- State the replicas of one deployment share besides the items: web
-- sign-in sessions, skill-demand aggregates and named documents (the
-- référentiel, the taxonomy, the local embedder's weights).

-- +goose Up
-- A signed-in web user's session, keyed by the SHA-256 of the cookie value
-- (never the value itself); data is the role and caller id, and with OIDC
-- the user's sub, manager id and display name.
CREATE TABLE web_sessions (
    key_hash   bytea PRIMARY KEY,
    data       jsonb NOT NULL,
    expires_at timestamptz NOT NULL
);

CREATE INDEX web_sessions_expires ON web_sessions (expires_at);

-- Skill-demand counts by month ("2026-05"): aggregates only, never a
-- request, a person or a session.
CREATE TABLE demand_skills (
    month text NOT NULL,
    skill text NOT NULL,
    n     bigint NOT NULL,
    PRIMARY KEY (month, skill)
);

CREATE TABLE demand_constrained (
    month      text NOT NULL,
    skill      text NOT NULL,
    constraint_kind text NOT NULL,
    n          bigint NOT NULL,
    PRIMARY KEY (month, skill, constraint_kind)
);

CREATE TABLE demand_unknown_skills (
    month text NOT NULL,
    label text NOT NULL,
    n     bigint NOT NULL,
    PRIMARY KEY (month, label)
);

CREATE TABLE demand_metiers (
    month    text NOT NULL,
    code     text NOT NULL,
    label    text NOT NULL,
    requests bigint NOT NULL,
    PRIMARY KEY (month, code)
);

-- Named documents shared by every replica, in the format of the data
-- directory's file of the same name.
CREATE TABLE shared_documents (
    name       text COLLATE "C" PRIMARY KEY,
    body       bytea NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE shared_documents;
DROP TABLE demand_metiers;
DROP TABLE demand_unknown_skills;
DROP TABLE demand_constrained;
DROP TABLE demand_skills;
DROP TABLE web_sessions;
