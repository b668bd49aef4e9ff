-- A campaign: one deadline, its waves and what the emails say, per language.
CREATE TABLE campaign (
  id UUID PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  platform TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED', 'CLOSED')),
  deadline TIMESTAMPTZ NOT NULL,
  time_zone TEXT NOT NULL,
  -- [{"key": "14d", "before": "P14D", "sendAt": "09:00"}]
  waves JSONB NOT NULL,
  -- {"NL": {"title", "summary", "steps", "settingUrl", "risks", "coverage"}, "EN": {...}}
  content JSONB NOT NULL,
  content_version INT NOT NULL DEFAULT 1,
  data_erasure_at TIMESTAMPTZ NOT NULL,
  -- The campaign the front page shows.
  featured BOOLEAN NOT NULL DEFAULT FALSE,
  -- Bumped on every change; the definition is put on tijdig.campaigns until
  -- published_revision catches up.
  revision INT NOT NULL DEFAULT 1,
  published_revision INT NOT NULL DEFAULT 0,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX campaign_one_featured ON campaign (featured) WHERE featured;

-- A person's subscription to one campaign. The address is stored as given after
-- normalisation; uniqueness is per campaign.
CREATE TABLE subscriber (
  id UUID PRIMARY KEY,
  campaign_id UUID NOT NULL REFERENCES campaign (id),
  email TEXT NOT NULL,
  language TEXT NOT NULL CHECK (language IN ('NL', 'EN')),
  status TEXT NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'DONE', 'UNSUBSCRIBED')),
  -- The consent: which text (by version) was agreed to, and when.
  consent_version TEXT NOT NULL,
  consented_at TIMESTAMPTZ NOT NULL,
  confirmed_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (campaign_id, email)
);
