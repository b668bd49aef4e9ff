-- Token buckets of the sign-up limits (Bucket4j's PostgreSQL layout). Keys hold no
-- address in the clear; rows whose bucket is full again are deleted.
CREATE TABLE rate_limit_bucket (
  id TEXT PRIMARY KEY,
  state BYTEA,
  expires_at BIGINT
);
