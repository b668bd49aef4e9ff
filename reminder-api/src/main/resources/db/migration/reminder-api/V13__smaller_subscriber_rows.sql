-- A subscriber row and its index entries in fewer bytes, as a campaign may have millions:
-- 419 bytes per subscriber before this under bench/run signup, most of them in the two
-- indexes on lower(email) (about 125 and 95 bytes per row), the row itself about 165; see
-- the README's "Storage".

-- A subscription's key: the first 16 bytes of SHA-256 of the campaign and the lower-cased
-- address. Its index entry holds 16 bytes where the campaign and the address held 16 and
-- the address's length, and its order is random, so sign-ups of addresses that sort
-- together leave no half-empty index pages behind. Two subscriptions share a key by chance
-- with a probability of 2^-128 per pair; making one share a given subscription's key takes
-- a second preimage of SHA-256. convert_to is only stable because a conversion could be
-- redefined; from the database's UTF-8 to UTF-8 there is none, so the key of a
-- subscription never changes.
CREATE FUNCTION subscription_key(campaign_id UUID, email TEXT) RETURNS UUID
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN encode(substring(sha256(uuid_send(campaign_id) || convert_to(lower(email), 'UTF8')) FROM 1 FOR 16),
                'hex')::uuid;

-- One subscription per address and campaign whatever the case of the address, and the
-- sign-up's lookup by campaign and address, in place of subscriber_campaign_address (V8).
-- An address across campaigns (the operator's consent lookup), in place of
-- subscriber_by_address (V9), is one probe of this index per campaign: there are few.
CREATE UNIQUE INDEX subscriber_subscription_key ON subscriber (subscription_key(campaign_id, email));
-- A campaign's subscribers (erasure, the consent CSV, the foreign key): a few bytes per
-- row, as the index keeps each campaign once with the list of its rows.
CREATE INDEX subscriber_by_campaign ON subscriber (campaign_id);
DROP INDEX subscriber_campaign_address;
DROP INDEX subscriber_by_address;

-- Timestamps that repeat another are left out: created_at (the first sign-up) while the
-- consent on record is that sign-up's, updated_at while nothing changed since. A null
-- costs nothing in a row that has a null already (confirmed_at, before confirmation).
ALTER TABLE subscriber
  ALTER COLUMN created_at DROP DEFAULT, ALTER COLUMN created_at DROP NOT NULL,
  ALTER COLUMN updated_at DROP DEFAULT, ALTER COLUMN updated_at DROP NOT NULL;
UPDATE subscriber
SET updated_at = CASE WHEN updated_at = created_at THEN NULL ELSE updated_at END,
    created_at = CASE WHEN created_at = consented_at THEN NULL ELSE created_at END
WHERE updated_at = created_at OR created_at = consented_at;

-- A subscription's changes are counted in an INT: it would take two billion of them to
-- run out. Changing the type rewrites the table, without the rows the update above left
-- behind, and builds its indexes afresh.
ALTER TABLE subscriber ALTER COLUMN version TYPE INT;
