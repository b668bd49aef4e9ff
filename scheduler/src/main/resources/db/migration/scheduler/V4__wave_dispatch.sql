-- One row per wave (or goodbye) of a campaign that was dispatched or skipped, ever. The
-- primary key is what makes a wave go out once: a double fire, a second instance or a
-- retry finds the row and does nothing twice.
create table wave_dispatch (
	campaign_id        uuid        not null,
	-- The wave's key; 'goodbye' for the goodbye at the deadline (no wave may use it).
	wave_key           text        not null,
	kind               text        not null,
	-- STARTED while fanning out, then FINISHED; SKIPPED for a missed wave that a later
	-- one made pointless; STOPPED when the campaign closed or its deadline passed mid-way.
	state              text        not null,
	due_at             timestamptz not null,
	-- Also the audience snapshot: subscribers confirmed later are left out.
	started_at         timestamptz not null,
	-- The checkpoint: the last subscriber id requested, in the same transaction as the
	-- requests. A fan-out that stopped resumes after it.
	last_subscriber_id uuid,
	sent               bigint      not null default 0,
	finished_at        timestamptz,
	primary key (campaign_id, wave_key)
);

-- Finds the fan-outs to resume.
create index wave_dispatch_unfinished on wave_dispatch (campaign_id) where state = 'STARTED';
