-- When a fan-out last moved (started or committed a batch), by the database's clock, so
-- that instances whose clocks differ agree. A started fan-out that has not moved for a
-- while is taken up again by StalledFanOuts, whatever happened to Quartz's retry.
alter table wave_dispatch add column progressed_at timestamptz not null default now();
