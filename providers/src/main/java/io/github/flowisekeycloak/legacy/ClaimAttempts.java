package io.github.flowisekeycloak.legacy;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * Failed legacy-pair attempts per realm, counted in Keycloak's cluster-wide single-use store.
 * Keycloak's brute-force detector counts per user, and these attempts have no user, so we count
 * them ourselves: each attempt first takes the next free numbered slot with {@code putIfAbsent}
 * (atomic in the store), and only an attempt that got a slot is checked at all; so however many
 * guesses arrive in parallel, at most {@code maxFailures} are ever checked per lockout period. Each
 * slot lives {@code lockoutSeconds}; the right pair frees them all. The realm is locked while the
 * slot of the last allowed attempt exists.
 * The count is per realm, not per client address: the gate guards one claim, and an address is
 * cheap to change; the cost is that a guesser can delay the rightful claimant by the lockout time.
 */
final class ClaimAttempts {

    private static final String PREFIX = "flowise-legacy-claim-failure:";

    private final SingleUseObjectProvider store;
    private final String realmId;
    private final LegacyClaimConfig config;

    ClaimAttempts(SingleUseObjectProvider store, String realmId, LegacyClaimConfig config) {
        this.store = store;
        this.realmId = realmId;
        this.config = config;
    }

    /** Whether the realm has reached the configured number of failures within the lockout time. */
    boolean locked() {
        return store.contains(slot(config.maxFailures() - 1));
    }

    /** Takes a slot for one attempt, before the pair is checked; false when none is left (locked). */
    boolean tryAcquire() {
        for (int i = 0; i < config.maxFailures(); i++) {
            if (store.putIfAbsent(slot(i), config.lockoutSeconds())) {
                return true;
            }
        }
        return false;
    }

    /** After the right pair: earlier failures no longer count. */
    void reset() {
        for (int i = 0; i < config.maxFailures(); i++) {
            store.remove(slot(i));
        }
    }

    private String slot(int i) {
        return PREFIX + realmId + ":" + i;
    }
}
