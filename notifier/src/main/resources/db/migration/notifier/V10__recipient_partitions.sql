-- Where each recipient's latest applied event sits in tijdig.subscribers, so that a re-read
-- of one partition can tell its rows from the others' and from rows written after it began.
-- Null for rows from before this column: the first re-read of every partition settles them.
alter table recipient add column kafka_partition integer, add column kafka_offset bigint;
create index recipient_by_partition on recipient (kafka_partition, kafka_offset);

-- Per partition of tijdig.subscribers, a time before which every erasure (tombstone)
-- written to it has reached the recipient projection: the projection was caught up then,
-- or a re-read from the partition's start ended then. No row: never known, re-read first.
create table recipient_partition (
  kafka_partition  integer primary key,
  erasures_applied timestamptz not null
);

-- A re-read in progress: where its partition ended when it began, and the subscriber ids
-- whose latest record it found so far is no tombstone. Keyed by the re-read, so that two
-- instances re-reading the same partition after a rebalance never sweep by each other's
-- marks. A re-read that ends deletes the ones of its partition begun before it: what a
-- crashed one left goes, and one still running elsewhere finds its row gone and sweeps
-- nothing.
create table recipient_reread (
  reread_id       uuid primary key,
  kafka_partition integer     not null,
  started_at      timestamptz not null,
  end_offset      bigint      not null
);

create table recipient_reread_seen (
  reread_id     uuid not null references recipient_reread on delete cascade,
  subscriber_id uuid not null,
  primary key (reread_id, subscriber_id)
);
