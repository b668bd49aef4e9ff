-- The audience as the scheduler needs it: ids and states, never an email address.
create table audience_member (
	subscriber_id   uuid primary key,
	campaign_id     uuid        not null,
	status          text        not null,
	language        text,
	confirmed_at    timestamptz,
	-- The time of the change this row comes from; an older change never overwrites it.
	last_event_time timestamptz not null
);

-- The fan-out of a wave pages through a campaign's confirmed subscribers by id.
create index audience_member_campaign_status on audience_member (campaign_id, status, subscriber_id);

-- Every consumed event id, inserted before acting on the event: a redelivery conflicts
-- here and changes nothing.
create table processed_event (
	event_id     uuid primary key,
	processed_at timestamptz not null
);

-- For pruning ids older than any redelivery can be.
create index processed_event_processed_at on processed_event (processed_at);
