-- Whose a claim is: each time a sending thread takes a row it writes a new token, and every
-- later change of the row names it, so a thread whose lease ran out and whose rows another
-- thread took changes nothing and sends nothing.
alter table delivery add column claim_token uuid;

-- SENDING: handed, or being handed, to the relay under claim_token. Never taken again:
-- a row found so after its lease (the process died mid-hand-over) is reported IN_DOUBT.
alter table delivery drop constraint delivery_state_check;
alter table delivery add constraint delivery_state_check
  check (state in ('CLAIMED', 'RETRYING', 'SENDING', 'SENT', 'SUPPRESSED', 'FAILED', 'IN_DOUBT', 'BOUNCED'));

create index delivery_sending on delivery (lease_until) where state = 'SENDING';
