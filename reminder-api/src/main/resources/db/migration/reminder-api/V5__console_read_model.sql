-- The console's read model: counts built from tijdig.subscribers, tijdig.deliveries and
-- tijdig.waves, never from another service's tables. It holds no address.

-- Every event applied, so a redelivered one changes no count twice.
CREATE TABLE console_processed_event (
  event_id UUID PRIMARY KEY,
  processed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Which campaign each subscriber belongs to: an erasure is a tombstone that names only
-- the subscriber, and must still be counted for its campaign.
CREATE TABLE console_subscriber (
  subscriber_id UUID PRIMARY KEY,
  campaign_id UUID NOT NULL,
  status TEXT NOT NULL
);

-- How often each step of the funnel happened per campaign: SIGNED_UP, CONFIRMED,
-- SWITCHED_OFF, UNSUBSCRIBED, ERASED.
CREATE TABLE console_funnel (
  campaign_id UUID NOT NULL,
  step TEXT NOT NULL,
  count BIGINT NOT NULL,
  PRIMARY KEY (campaign_id, step)
);

-- Outcomes of messages per campaign, kind and wave ('' for messages of no wave).
CREATE TABLE console_delivery (
  campaign_id UUID NOT NULL,
  kind TEXT NOT NULL,
  wave_key TEXT NOT NULL,
  outcome TEXT NOT NULL,
  count BIGINT NOT NULL,
  PRIMARY KEY (campaign_id, kind, wave_key, outcome)
);

-- Progress of each wave as the scheduler reports it.
CREATE TABLE console_wave (
  campaign_id UUID NOT NULL,
  wave_key TEXT NOT NULL,
  started_at TIMESTAMPTZ,
  fanned_out BIGINT NOT NULL DEFAULT 0,
  finished_at TIMESTAMPTZ,
  PRIMARY KEY (campaign_id, wave_key)
);

-- The same steps per minute of the events' time, for the funnel over time.
CREATE TABLE console_funnel_minute (
  campaign_id UUID NOT NULL,
  step TEXT NOT NULL,
  minute TIMESTAMPTZ NOT NULL,
  count BIGINT NOT NULL,
  PRIMARY KEY (campaign_id, step, minute)
);

-- Messages sent per minute of their report, for the send rate and the pacing warning.
CREATE TABLE console_sent_minute (
  campaign_id UUID NOT NULL,
  minute TIMESTAMPTZ NOT NULL,
  count BIGINT NOT NULL,
  PRIMARY KEY (campaign_id, minute)
);
