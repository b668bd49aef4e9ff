-- When the message was requested (the ReminderRequested event's time), so that the time
-- from request to the relay's accept can be measured: how late a wave reaches people.
alter table delivery add column requested_at timestamptz;
-- Rows from before this column: their claim, the nearest time known.
update delivery set requested_at = claimed_at;
alter table delivery alter column requested_at set not null;
