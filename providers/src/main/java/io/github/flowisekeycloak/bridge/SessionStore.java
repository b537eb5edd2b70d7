package io.github.flowisekeycloak.bridge;

import java.util.List;

/**
 * Flowise's session store, as far as the bridge touches it: it adds sessions it wrote, finds them
 * again by their mark, and removes them. It never reads or changes a session Flowise wrote itself.
 */
interface SessionStore {

    /** One session the bridge wrote. */
    record Bridged(String sid, String keycloakUserId, String keycloakSessionId) {
    }

    /** Adds session {@code sid} with the record {@code sessJson}, kept until {@code expiresAtMillis}. */
    void save(String sid, String sessJson, long expiresAtMillis, FlowiseSessionRecord.Mark mark) throws SessionStoreException;

    /** The sessions the bridge wrote for a realm that are still in the store. */
    List<Bridged> bridged(String realmId) throws SessionStoreException;

    /** Removes these sessions (those still there); answers how many went. */
    int remove(String realmId, List<String> sids) throws SessionStoreException;

    /** Where the store is, for messages: never a password. */
    String describe();
}
