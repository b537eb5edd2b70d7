package io.github.flowisekeycloak.bridge;

import io.github.flowisekeycloak.settings.FlowiseSettings;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Flowise's sessions in Redis (queue mode, connect-redis): key {@code sess:<sid>} holding the JSON
 * record, with a time to live. The bridge also keeps, per realm, a hash
 * {@code flowise-keycloak:bridge:<realm id>} of the sessions it wrote (field: sid, value: Keycloak
 * user and session ids), so finding its own sessions never scans Flowise's keys. A connection per
 * operation: sign-ins and sweeps are rare.
 */
final class RedisSessionStore implements SessionStore {

    /** connect-redis's default prefix, which Flowise keeps. */
    static final String PREFIX = "sess:";
    static final String INDEX_PREFIX = "flowise-keycloak:bridge:";

    private final FlowiseSettings.Redis redis;

    RedisSessionStore(FlowiseSettings.Redis redis) {
        this.redis = redis;
    }

    static String index(String realmId) {
        return INDEX_PREFIX + realmId;
    }

    @Override
    public void save(String sid, String sessJson, long expiresAtMillis, FlowiseSessionRecord.Mark mark) throws SessionStoreException {
        long ttl = Math.max(1000, expiresAtMillis - System.currentTimeMillis());
        try (RespClient client = RespClient.connect(redis)) {
            // The index first: a crash in between leaves an index entry without a session (tidied by the
            // sweep), never a session the sweep cannot find.
            client.command("HSET", index(mark.realmId()), sid, mark.userId() + " " + mark.sessionId());
            client.command("SET", PREFIX + sid, sessJson, "PX", Long.toString(ttl));
        } catch (IOException e) {
            throw new SessionStoreException("Could not write a session into " + describe(), e);
        }
    }

    @Override
    public List<Bridged> bridged(String realmId) throws SessionStoreException {
        try (RespClient client = RespClient.connect(redis)) {
            Object reply = client.command("HGETALL", index(realmId));
            List<Bridged> out = new ArrayList<>();
            if (reply instanceof List<?> pairs) {
                for (int i = 0; i + 1 < pairs.size(); i += 2) {
                    String sid = String.valueOf(pairs.get(i));
                    String[] ids = String.valueOf(pairs.get(i + 1)).split(" ", 2);
                    out.add(new Bridged(sid, ids[0], ids.length > 1 ? ids[1] : ""));
                }
            }
            return out;
        } catch (IOException e) {
            throw new SessionStoreException("Could not read the bridge's sessions from " + describe(), e);
        }
    }

    @Override
    public int remove(String realmId, List<String> sids) throws SessionStoreException {
        if (sids.isEmpty()) {
            return 0;
        }
        try (RespClient client = RespClient.connect(redis)) {
            List<String> del = new ArrayList<>(List.of("DEL"));
            List<String> hdel = new ArrayList<>(List.of("HDEL", index(realmId)));
            sids.forEach(sid -> {
                del.add(PREFIX + sid);
                hdel.add(sid);
            });
            Object removed = client.command(del.toArray(new String[0]));
            client.command(hdel.toArray(new String[0]));
            return removed instanceof Long n ? n.intValue() : 0;
        } catch (IOException e) {
            throw new SessionStoreException("Could not remove sessions from " + describe(), e);
        }
    }

    /**
     * Drops index entries whose session Flowise already removed (its own logout, or the key's time
     * to live ran out); answers how many.
     */
    int forgetVanished(String realmId) throws SessionStoreException {
        try (RespClient client = RespClient.connect(redis)) {
            Object reply = client.command("HKEYS", index(realmId));
            if (!(reply instanceof List<?> sids) || sids.isEmpty()) {
                return 0;
            }
            List<String> gone = new ArrayList<>();
            for (Object sid : sids) {
                if (Long.valueOf(0).equals(client.command("EXISTS", PREFIX + sid))) {
                    gone.add(String.valueOf(sid));
                }
            }
            if (!gone.isEmpty()) {
                List<String> hdel = new ArrayList<>(List.of("HDEL", index(realmId)));
                hdel.addAll(gone);
                client.command(hdel.toArray(new String[0]));
            }
            return gone.size();
        } catch (IOException e) {
            throw new SessionStoreException("Could not tidy the bridge's index in " + describe(), e);
        }
    }

    @Override
    public String describe() {
        return "Redis at " + redis.describe();
    }
}
