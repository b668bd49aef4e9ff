-- The subscription's version, counted up in the transaction of each change and carried
-- by its SubscriptionChanged event: the projections keep the highest, so an event
-- stamped by an instance whose clock is behind still counts. Subscriptions from before
-- start at 0, which the projections read as "no version" (Kafka's order decides).
ALTER TABLE subscriber ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
