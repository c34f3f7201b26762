-- Runs once, on the first start of an empty postgres data directory
-- (mounted into /docker-entrypoint-initdb.d). Database `ollamamax` and user `ollama`
-- come from POSTGRES_DB / POSTGRES_USER.

CREATE TABLE IF NOT EXISTS nodes (
    id          TEXT PRIMARY KEY,
    role        TEXT NOT NULL CHECK (role IN ('leader', 'worker')),
    address     TEXT NOT NULL,
    joined_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen   TIMESTAMPTZ
);

CREATE TABLE IF NOT EXISTS training_jobs (
    id           BIGSERIAL PRIMARY KEY,
    model        TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending',
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at  TIMESTAMPTZ
);

CREATE TABLE IF NOT EXISTS checkpoints (
    id          BIGSERIAL PRIMARY KEY,
    job_id      BIGINT NOT NULL REFERENCES training_jobs(id) ON DELETE CASCADE,
    node_id     TEXT REFERENCES nodes(id),
    object_key  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS training_jobs_status_idx ON training_jobs (status);
