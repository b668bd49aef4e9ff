-- One subscription per address and campaign whatever the case of the address: Anna@x and
-- anna@x are one mailbox. The address stays as it was typed at the first sign-up; the
-- index compares it lower-cased (lower() of the database's locale: ASCII letters always,
-- other letters as the locale folds them).
--
-- Addresses that signed up twice in different cases before this are merged here, in this
-- migration's one transaction. The row that stays is the one whose state stops mail, as
-- an unsubscribe or "I've switched it off" must hold for the mailbox, not for one spelling
-- of it: DONE, then UNSUBSCRIBED, then CONFIRMED, then PENDING; among equals the earliest
-- sign-up (the address as first typed). The others are deleted with their consent, as an
-- erasure deletes them, and a tombstone for each goes on the subscriber topic through the
-- outbox, so the scheduler and the notifier drop them too (the console counts them erased).
WITH ranked AS (
  SELECT id,
         row_number() OVER (PARTITION BY campaign_id, lower(email)
                            ORDER BY CASE status WHEN 'DONE' THEN 0 WHEN 'UNSUBSCRIBED' THEN 1
                                                 WHEN 'CONFIRMED' THEN 2 ELSE 3 END,
                                     created_at, id) AS place
  FROM subscriber
), merged AS (
  DELETE FROM subscriber
  WHERE id IN (SELECT id FROM ranked WHERE place > 1)
  RETURNING id
)
INSERT INTO outbox_event (topic, record_key)
SELECT '${subscribers_topic}', id::text FROM merged ORDER BY id;

ALTER TABLE subscriber DROP CONSTRAINT subscriber_campaign_id_email_key;
CREATE UNIQUE INDEX subscriber_campaign_address ON subscriber (campaign_id, lower(email));
