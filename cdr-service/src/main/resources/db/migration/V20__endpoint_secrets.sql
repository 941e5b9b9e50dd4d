-- Outbound endpoint secrets at rest (issue 37): encrypted (AES-GCM, outbound.EndpointSecrets) and
-- so longer than the whsec_ text; the secret a rotation replaced signs beside the new one for 24 h,
-- as Standard Webhooks asks, so that a receiver switching keys loses no delivery. Secrets stored
-- in clear before are encrypted when the service starts.
alter table webhook_endpoint alter column secret type text;
alter table webhook_endpoint add column previous_secret text;
alter table webhook_endpoint add column previous_until timestamptz;
