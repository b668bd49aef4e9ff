-- Each dead letter an operator put back on its original topic, so that a second click, or a
-- "replay all" after a single one, sends none twice. No personal data: the record itself
-- stays on the dead-letter topic.
CREATE TABLE dead_letter_replay (
  dead_letter_topic TEXT NOT NULL,
  dead_letter_partition INT NOT NULL,
  dead_letter_offset BIGINT NOT NULL,
  replayed_by TEXT NOT NULL,
  replayed_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (dead_letter_topic, dead_letter_partition, dead_letter_offset)
);
