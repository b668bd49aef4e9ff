-- Why a subscription was unsubscribed when its reader did not click the link: 'complaint' (the
-- reader marked a message as spam and the mailbox provider reported it). Kept until the next
-- change of the subscription's status.
ALTER TABLE subscriber ADD COLUMN unsubscribe_reason TEXT CHECK (unsubscribe_reason IN ('complaint'));
