-- Sending moves from the Kafka listener to sending threads that take due rows of the
-- delivery log: retries wait in the log instead of holding a partition back.
alter table delivery drop constraint delivery_state_check;
alter table delivery add constraint delivery_state_check
  check (state in ('CLAIMED', 'RETRYING', 'SENT', 'SUPPRESSED', 'FAILED', 'IN_DOUBT', 'BOUNCED'));

-- When a CLAIMED or RETRYING row may be taken (next) and until when the sending thread
-- that took it owns it (lease): a claim left by a process that died is taken again only
-- after its lease, never at once by a redelivered request.
alter table delivery add column next_attempt_at timestamptz;
alter table delivery add column lease_until timestamptz;
update delivery set next_attempt_at = claimed_at where state = 'CLAIMED';

drop index delivery_open;
create index delivery_due on delivery (next_attempt_at) where state in ('CLAIMED', 'RETRYING');
-- Bounces name the message they are about.
create index delivery_message_id on delivery (message_id) where message_id is not null;

-- Addresses that get no more mail: refused for good or hard-bounced. The hash of the
-- lower-cased address, so the list outlives an erasure without keeping the address.
create table suppressed_address (
  address_hash  text primary key,
  reason        text        not null,
  source        text        not null check (source in ('smtp', 'bounce')),
  suppressed_at timestamptz not null
);

-- The send rate's token bucket, one row per relay, shared by every instance.
create table send_rate (
  relay       text primary key,
  tokens      double precision not null,
  refilled_at timestamptz      not null
);
