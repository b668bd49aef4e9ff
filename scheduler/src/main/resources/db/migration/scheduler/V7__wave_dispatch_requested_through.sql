-- How far a fan-out has sent, ahead of its checkpoint (last_subscriber_id) by the page
-- whose acknowledgements it still awaits: a second run leaves a fan-out with a page in
-- flight to its sender, and a confirmation that arrives late counts that page as passed.
alter table wave_dispatch add column requested_through uuid;
update wave_dispatch set requested_through = last_subscriber_id;
