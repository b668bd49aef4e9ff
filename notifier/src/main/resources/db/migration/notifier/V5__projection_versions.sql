-- The version of the subscription or campaign each row comes from (SubscriptionChanged and
-- CampaignPublished carry it): an event replaces a row only with a higher version, or
-- when either has none (0: events from before versions, in Kafka's order). Times come
-- from the clocks of different reminder-api instances and decide nothing any more.
alter table recipient add column version bigint not null default 0;
alter table campaign add column version bigint not null default 0;
