-- A message whose moment passed before it went out: the campaign closed, the deadline came
-- or a later wave started.
alter table delivery drop constraint delivery_state_check;
alter table delivery add constraint delivery_state_check
  check (state in ('CLAIMED', 'RETRYING', 'SENDING', 'SENT', 'SUPPRESSED', 'FAILED', 'IN_DOUBT', 'BOUNCED', 'WITHDRAWN'));
