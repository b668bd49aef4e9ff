-- Events waiting to be relayed to Kafka. A row is written in the transaction of the change
-- it describes and deleted once the broker has acknowledged it.
CREATE TABLE outbox_event (
  id BIGSERIAL PRIMARY KEY,
  topic TEXT NOT NULL,
  record_key TEXT NOT NULL,
  -- Both NULL for a tombstone.
  event_type TEXT,
  payload BYTEA,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
