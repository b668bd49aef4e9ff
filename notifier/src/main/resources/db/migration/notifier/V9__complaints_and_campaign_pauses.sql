-- Complaints (abuse reports from mailbox providers' feedback loops), one per message however
-- often a report is read: the complaint rate per campaign counts them.
create table complaint (
  subscriber_id uuid        not null,
  message_key   text        not null,
  campaign_id   uuid        not null,
  received_at   timestamptz not null default now(),
  primary key (subscriber_id, message_key)
);
create index complaint_campaign on complaint (campaign_id);

-- Messages the relay accepted, per campaign (a bounced one was accepted first): what the
-- complaint and bounce rates are counted against.
create index delivery_campaign_sent on delivery (campaign_id, state) where state in ('SENT', 'BOUNCED');

-- A campaign's sending as the complaint breaker holds it. The breaker counts complaints and
-- messages since the last resume: an operator who resumes a campaign accepts what came before,
-- so only what follows can pause it again. Counts, not times, so no two clocks are compared.
create table campaign_sending (
  campaign_id       uuid primary key,
  paused_since      timestamptz,
  paused_complaints bigint,
  paused_sent       bigint,
  complaints_before bigint not null default 0,
  sent_before       bigint not null default 0
);
