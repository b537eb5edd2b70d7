#!/usr/bin/env bash
# Runs flowise-keycloak on this machine: builds the jar, fetches the Keycloak distribution from Maven
# Central, installs the jar, imports realm-export/, starts Keycloak on http://localhost:8080 with its
# embedded database, and adds a demo user whose password is a Flowise bcrypt hash.
# Needs Java 17 and Maven. A second run reuses what is there (.keycloak/). Ctrl-C stops Keycloak.
#
# Environment: KC_HTTP_PORT (8080), KC_HTTP_MANAGEMENT_PORT (9000), and any Flowise variable the
# README lists (e.g. PASSWORD_SALT_HASH_ROUNDS), which is passed through to Keycloak.
set -euo pipefail
cd "$(dirname "$0")"

kc_version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml)
work=.keycloak
kc_home=$work/keycloak-$kc_version
http_port=${KC_HTTP_PORT:-8080}
management_port=${KC_HTTP_MANAGEMENT_PORT:-9000}
base=http://localhost:$http_port

# Maven in quiet mode still prints colour resets; keep the output readable.
quiet_mvn() { mvn -q -B "$@" 2>&1 | sed 's/\x1b\[[0-9;]*m//g'; }

echo "==> Building the provider jar"
quiet_mvn -DskipTests package

if [ ! -f "$kc_home/bin/kc.sh" ]; then
  echo "==> Fetching Keycloak $kc_version from Maven Central"
  quiet_mvn org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$kc_version:tar.gz" -DoutputDirectory="$work" -Dmdep.stripVersion=true
  tar xzf "$work/keycloak-quarkus-dist.tar.gz" -C "$work"
  rm -f "$work/keycloak-quarkus-dist.tar.gz"
fi

cp providers/target/flowise-keycloak.jar "$kc_home/providers/"
mkdir -p "$kc_home/data/import"
cp realm-export/flowise-realm.json "$kc_home/data/import/"

# The bootstrap admin exists only from the first start on; keep its password for the next runs.
if [ ! -f "$work/admin-password" ]; then
  (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$work/admin-password")
fi
admin_password=$(cat "$work/admin-password")

echo "==> Starting Keycloak $kc_version on $base (log: $work/server.log)"
printf '\n===== %s: ./run.sh =====\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')" >> "$work/server.log"
KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD="$admin_password" \
  "$kc_home/bin/kc.sh" start-dev --http-port="$http_port" --http-management-port="$management_port" \
  --health-enabled=true --import-realm >> "$work/server.log" 2>&1 &
kc_pid=$!
trap 'echo; echo "==> Stopping Keycloak"; kill "$kc_pid" 2>/dev/null; wait "$kc_pid" 2>/dev/null; exit 0' INT TERM

# Readiness through bash's /dev/tcp, so that nothing beyond Java and Maven is needed.
ready() {
  { exec 3<>"/dev/tcp/127.0.0.1/$management_port" \
      && printf 'GET /health/ready HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3 \
      && head -n 1 <&3 | grep -q ' 200'; } 2>/dev/null
  local ok=$?
  exec 3>&- 2>/dev/null || true
  return $ok
}
until ready; do
  if ! kill -0 "$kc_pid" 2>/dev/null; then
    echo "Keycloak stopped while starting; the end of $work/server.log:" >&2
    tail -n 30 "$work/server.log" >&2
    exit 1
  fi
  sleep 2
done

# The demo user: Flowise's bcrypt hash of Corr3ct-Horse!, imported in Keycloak's credential format.
kcadm() { "$kc_home/bin/kcadm.sh" "$@" --config "$work/kcadm.config"; }
kcadm config credentials --server "$base" --realm master --user admin --password "$admin_password" > /dev/null
if [ "$(kcadm get users -r flowise -q email=demo@example.com -q exact=true --fields id)" = "[ ]" ]; then
  kcadm create users -r flowise -f - > /dev/null <<'JSON'
{
  "username": "demo@example.com",
  "email": "demo@example.com",
  "firstName": "Demo",
  "lastName": "User",
  "enabled": true,
  "emailVerified": true,
  "credentials": [{
    "type": "password",
    "credentialData": "{\"algorithm\":\"bcrypt\",\"hashIterations\":10}",
    "secretData": "{\"value\":\"$2a$10$hAevNcRir29b2OJetiOKc./fVWbw0dSjUEQrzJ8LegAu2Bqa.xDD6\",\"salt\":\"\"}"
  }]
}
JSON
  kcadm add-roles -r flowise --uusername demo@example.com --rolename member > /dev/null
fi

cat <<INFO

Keycloak $kc_version is running with flowise-keycloak.
  Sign in (account console): $base/realms/flowise/account
      demo@example.com / Corr3ct-Horse!   (a Flowise bcrypt hash, \$2a\$10\$...)
  Admin console:             $base/admin/
      admin / $admin_password   (bootstrap admin; password kept in $work/admin-password)
  Server log:                $work/server.log
Ctrl-C stops Keycloak; running ./run.sh again reuses the same data.
INFO
wait "$kc_pid"
