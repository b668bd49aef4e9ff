-- The language of the consent text the person was shown (the sign-up page's); null for
-- sign-ups from before it was recorded.
ALTER TABLE subscriber ADD COLUMN consent_language TEXT CHECK (consent_language IN ('NL', 'EN'));

-- What is left of a consent once its subscriber is erased: proof that somebody agreed to
-- a version of the text, for a regulator's count, and nothing that leads back to them.
-- No address, no subscriber id, no client network, days rather than moments (a moment
-- could be matched with a log line or a count per minute), and no key of its own, whose
-- order would tell who went first.
CREATE TABLE erased_consent (
  campaign_id UUID NOT NULL REFERENCES campaign (id),
  consent_version TEXT NOT NULL,
  consent_language TEXT,
  consented_on DATE NOT NULL,
  confirmed_on DATE,
  erased_on DATE NOT NULL,
  erased_because TEXT NOT NULL CHECK (erased_because IN ('REQUEST', 'RETENTION'))
);

CREATE INDEX erased_consent_by_campaign ON erased_consent (campaign_id);

-- An operator looks up the consent of an address whatever the case of its local part.
CREATE INDEX subscriber_by_address ON subscriber (lower(email));
