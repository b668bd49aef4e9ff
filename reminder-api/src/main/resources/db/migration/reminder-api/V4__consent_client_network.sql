-- The network a sign-up came from, cut to a /24 or /48, kept only where configured
-- (tijdig.signup.record-client-network) as evidence of consent.
ALTER TABLE subscriber ADD COLUMN consent_client_network TEXT;
