-- The campaigns' scheduling data, from the compacted tijdig.campaigns topic.
create table campaign (
	id              uuid primary key,
	status          text        not null,
	deadline        timestamptz not null,
	-- The zone in which the waves' local send times are meant, e.g. Europe/Amsterdam.
	time_zone       text        not null,
	-- CampaignPublished.waves as JSON: [{"key", "before", "sendAt"}], as Jackson writes CampaignPublished.Wave.
	waves           jsonb       not null,
	last_event_time timestamptz not null
);
