-- The campaign's content version each message was written from, set when it is handed to
-- the relay: who got which text of the steps, so that a correction reaches exactly those
-- who got an older one. Null for messages handed over before this column.
alter table delivery add column content_version integer;
