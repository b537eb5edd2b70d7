// Checks a token pair issued by flowise-keycloak's cookie API with a REAL Flowise's own code:
// the jsonwebtoken library and options Flowise's passport strategy uses, Flowise's authSecrets
// resolution of the JWT_* / TOKEN_HASH_SECRET variables, and Flowise's decryptToken for `meta`.
// Usage: FLOWISE_PEER_DIR=/tmp/flowise-peer node flowise-token-check.cjs <token> <refreshToken>
// (with the same JWT_AUTH_TOKEN_SECRET, JWT_REFRESH_TOKEN_SECRET, TOKEN_HASH_SECRET, JWT_AUDIENCE and
// JWT_ISSUER in the environment as the Keycloak server had). Prints one JSON line; exit 0 when all pass.
'use strict';
const path = require('path');
const { createRequire } = require('module');

async function main() {
  const peer = process.env.FLOWISE_PEER_DIR || '/tmp/flowise-peer';
  const flowise = createRequire(path.join(peer, 'node_modules', 'flowise', 'package.json'));
  const version = flowise('./package.json').version;
  const jwt = flowise('jsonwebtoken');
  const secrets = flowise('./dist/enterprise/utils/authSecrets');
  const { decryptToken } = flowise('./dist/enterprise/utils/tempTokenUtils');
  await secrets.initAuthSecrets();

  const [token, refreshToken] = process.argv.slice(2);
  const result = { flowiseVersion: version, checks: {} };
  // As Flowise's JwtStrategy: secret, audience and issuer from authSecrets; algorithms unrestricted.
  const access = jwt.verify(token, secrets.getJWTAuthTokenSecret(), {
    audience: secrets.getJWTAudience(), issuer: secrets.getJWTIssuer() });
  result.checks.accessVerifies = true;
  // As Flowise's refresh endpoint: jwt.verify(refreshToken, refresh secret) with no options.
  const refresh = jwt.verify(refreshToken, secrets.getJWTRefreshTokenSecret());
  result.checks.refreshVerifies = true;
  for (const [name, claims] of [['access', access], ['refresh', refresh]]) {
    const plain = decryptToken(claims.meta);
    const parts = typeof plain === 'string' ? plain.split(':') : [];
    result.checks[name + 'MetaDecrypts'] = parts.length === 2 && parts[0] === claims.id;
    result[name] = { id: claims.id, username: claims.username, meta: plain, aud: claims.aud, iss: claims.iss,
      lifetime: claims.exp - claims.iat };
  }
  const ok = Object.values(result.checks).every(Boolean);
  console.log(JSON.stringify(result));
  process.exit(ok ? 0 : 1);
}

main().catch((e) => { console.log(JSON.stringify({ error: String(e && e.message || e) })); process.exit(2); });
