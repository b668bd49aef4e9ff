-- Token buckets taken in one statement inside the caller's transaction (the sign-up
-- limits). Keys hold no address in the clear; rows whose bucket is full again are
-- deleted. No index but the key's: every take rewrites expires_at, and an index on it
-- would cost each take an index write where the key alone lets PostgreSQL update the
-- row in place.
CREATE TABLE token_bucket (
  id TEXT PRIMARY KEY,
  capacity BIGINT NOT NULL,
  per_ms BIGINT NOT NULL,
  tokens DOUBLE PRECISION NOT NULL,
  taken BOOLEAN NOT NULL,
  refilled_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL
);
