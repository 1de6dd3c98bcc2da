-- Entretien records (catalog/plan): the last version of each in entretiens,
-- every version in entretien_versions, and the append-only audit log.

-- +goose Up
CREATE TABLE entretiens (
    id          text COLLATE "C" PRIMARY KEY,
    employee_id text COLLATE "C" NOT NULL,
    manager_id  text COLLATE "C" NOT NULL,
    date        date NOT NULL,
    version     bigint NOT NULL,
    signed      boolean NOT NULL,
    -- the whole plan.Entretien as JSON
    doc         jsonb NOT NULL
);

CREATE INDEX entretiens_employee ON entretiens (employee_id);
CREATE INDEX entretiens_manager ON entretiens (manager_id);

CREATE TABLE entretien_versions (
    id      text COLLATE "C" NOT NULL REFERENCES entretiens (id) ON DELETE CASCADE,
    version bigint NOT NULL,
    doc     jsonb NOT NULL,
    PRIMARY KEY (id, version)
);

-- Who did what to which record, and when; never any content.
CREATE TABLE record_audit (
    seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           timestamptz NOT NULL,
    actor_id     text NOT NULL,
    actor_role   text NOT NULL,
    action       text NOT NULL,
    entretien_id text COLLATE "C" NOT NULL DEFAULT '',
    employee_id  text COLLATE "C" NOT NULL,
    version      bigint NOT NULL DEFAULT 0
);

CREATE INDEX record_audit_employee ON record_audit (employee_id);
CREATE INDEX record_audit_entretien ON record_audit (entretien_id);
CREATE INDEX record_audit_actor ON record_audit (actor_id);

-- +goose StatementBegin
CREATE FUNCTION record_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'record_audit is append-only';
END
$$;
-- +goose StatementEnd

CREATE TRIGGER record_audit_no_change BEFORE UPDATE OR DELETE ON record_audit
    FOR EACH ROW EXECUTE FUNCTION record_audit_append_only();
CREATE TRIGGER record_audit_no_truncate BEFORE TRUNCATE ON record_audit
    FOR EACH STATEMENT EXECUTE FUNCTION record_audit_append_only();

-- +goose Down
DROP TABLE record_audit;
DROP FUNCTION record_audit_append_only();
DROP TABLE entretien_versions;
DROP TABLE entretiens;
