package io.github.flowisekeycloak.password;

import io.github.flowisekeycloak.settings.FlowiseSettings;

import java.util.OptionalInt;

/**
 * Which bcrypt cost to use, and which to refuse.
 *
 * <p>New hashes use the realm policy's {@code hashIterations(n)} when it names one, else
 * {@code PASSWORD_SALT_HASH_ROUNDS}, else 10. A cap (default 15, the top of the 12-15 range
 * Flowise's documentation recommends) bounds both what we write and what we agree to verify: each
 * step doubles the work, and one verify at cost 31 takes about a day, so a planted hash must not be
 * able to pin a CPU.
 */
final class BcryptCosts {

    static final int DEFAULT_MAX_COST = 15;
    /** Keycloak's {@code PasswordPolicy.getHashIterations()} when the policy has no hashIterations. */
    static final int POLICY_UNSET = -1;

    private final int defaultCost;
    private final int maxCost;
    private final boolean defaultFromEnvironment;

    private BcryptCosts(int defaultCost, int maxCost, boolean defaultFromEnvironment) {
        this.defaultCost = defaultCost;
        this.maxCost = maxCost;
        this.defaultFromEnvironment = defaultFromEnvironment;
    }

    /**
     * @throws IllegalStateException when the configured default cost is above the cap: start-up must
     *     stop rather than write hashes we would later refuse to verify.
     */
    static BcryptCosts of(FlowiseSettings settings, int maxCost) {
        if (maxCost < FlowiseSettings.MIN_BCRYPT_COST || maxCost > FlowiseSettings.MAX_BCRYPT_COST) {
            throw new IllegalStateException("Invalid bcrypt max-cost " + maxCost + " (spi-password-hashing--"
                    + BcryptPasswordHashProviderFactory.ID + "--max-cost): allowed range is "
                    + FlowiseSettings.MIN_BCRYPT_COST + ".." + FlowiseSettings.MAX_BCRYPT_COST);
        }
        OptionalInt rounds = settings.passwordSaltHashRounds();
        int cost = settings.bcryptCost();
        if (cost > maxCost) {
            throw new IllegalStateException(FlowiseSettings.PASSWORD_SALT_HASH_ROUNDS + "=" + cost
                    + " is above the bcrypt cost cap " + maxCost + " (spi-password-hashing--"
                    + BcryptPasswordHashProviderFactory.ID + "--max-cost); lower one or raise the other");
        }
        return new BcryptCosts(cost, maxCost, rounds.isPresent());
    }

    /** The cost for a new hash, given Keycloak's policy iterations (-1 when the policy names none). */
    int forPolicy(int policyIterations) {
        if (policyIterations == POLICY_UNSET) {
            return defaultCost;
        }
        return Math.max(FlowiseSettings.MIN_BCRYPT_COST, Math.min(maxCost, policyIterations));
    }

    /** Whether a policy's hashIterations is usable as it stands (checked at start-up). */
    boolean acceptsPolicy(int policyIterations) {
        return policyIterations == POLICY_UNSET
                || (policyIterations >= FlowiseSettings.MIN_BCRYPT_COST && policyIterations <= maxCost);
    }

    /** Whether a stored hash's cost is low enough to verify. */
    boolean verifiable(int storedCost) {
        return storedCost <= maxCost;
    }

    int defaultCost() {
        return defaultCost;
    }

    int maxCost() {
        return maxCost;
    }

    boolean defaultFromEnvironment() {
        return defaultFromEnvironment;
    }
}
