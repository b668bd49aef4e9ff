-- The notifier's own tables, in its own schema. No other service reads them.

-- Projection of tijdig.subscribers: the only place the notifier keeps addresses.
create table recipient (
  subscriber_id   uuid primary key,
  campaign_id     uuid        not null,
  email           text        not null,
  language        text        not null,
  status          text        not null check (status in ('PENDING', 'CONFIRMED', 'DONE', 'UNSUBSCRIBED')),
  -- The time of the event this row reflects: an older event never overwrites a newer one.
  last_event_time timestamptz not null
);

-- Subscribers who were erased (a tombstone on tijdig.subscribers): the bare id, so that
-- reminders still in flight for them are suppressed instead of waiting for a subscriber
-- who will never come, and a replayed older event cannot bring the address back.
create table erased_recipient (
  subscriber_id uuid primary key,
  erased_at     timestamptz not null
);

-- Projection of tijdig.campaigns: what the emails say, per language.
create table campaign (
  campaign_id     uuid primary key,
  slug            text        not null,
  status          text        not null,
  platform        text        not null,
  deadline        timestamptz not null,
  time_zone       text        not null,
  waves           jsonb       not null,
  content         jsonb       not null,
  content_version integer     not null,
  data_erasure_at timestamptz,
  last_event_time timestamptz not null
);

-- The delivery log: one row per message to a subscriber. Its primary key is the claim
-- that makes sending at most once per (subscriber, message).
create table delivery (
  subscriber_id uuid        not null,
  message_key   text        not null,
  campaign_id   uuid        not null,
  kind          text        not null,
  wave_key      text,
  -- The ReminderRequested event that claimed it first.
  request_id    uuid        not null,
  state         text        not null check (state in ('CLAIMED', 'SENT', 'SUPPRESSED', 'FAILED')),
  -- Why it was suppressed or failed; never personal data.
  detail        text,
  attempts      integer     not null,
  message_id    text,
  claimed_at    timestamptz not null,
  finished_at   timestamptz,
  primary key (subscriber_id, message_key)
);

-- Claims left open by a crash or a transient failure, for the in-doubt sweep to find.
create index delivery_open on delivery (claimed_at) where state = 'CLAIMED';
