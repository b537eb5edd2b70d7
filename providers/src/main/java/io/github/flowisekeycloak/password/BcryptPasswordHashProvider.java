package io.github.flowisekeycloak.password;

import org.jboss.logging.Logger;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.credential.dto.PasswordSecretData;

import java.util.Optional;

/**
 * Keycloak's password hash provider {@code bcrypt}: verifies the hashes Flowise stored exactly as
 * bcryptjs judged them, writes new ones at the configured cost, and asks for a rehash only when a
 * stored hash is weaker than the policy (never down).
 *
 * <p>Keycloak wraps every call in a try/catch that logs a stack trace and fails the login, so
 * nothing here throws on bad stored data: a hash that is empty, truncated or not bcrypt at all is
 * simply a password that does not match.
 */
final class BcryptPasswordHashProvider implements PasswordHashProvider {

    private static final Logger LOG = Logger.getLogger(BcryptPasswordHashProvider.class);

    private final BcryptCosts costs;

    BcryptPasswordHashProvider(BcryptCosts costs) {
        this.costs = costs;
    }

    @Override
    public boolean policyCheck(PasswordPolicy policy, PasswordCredentialModel credential) {
        return meetsPolicy(policy == null ? BcryptCosts.POLICY_UNSET : policy.getHashIterations(), credential);
    }

    /** False asks Keycloak to rehash after a successful login: only for another algorithm or a lower cost. */
    boolean meetsPolicy(int policyIterations, PasswordCredentialModel credential) {
        if (!BcryptPasswordHashProviderFactory.ID.equals(credential.getPasswordCredentialData().getAlgorithm())) {
            return false;
        }
        int wanted = costs.forPolicy(policyIterations);
        // The cost comes from the hash itself: an imported credential's hashIterations may be wrong.
        return storedHash(credential).map(hash -> hash.cost() >= wanted).orElse(false);
    }

    @Override
    public PasswordCredentialModel encodedCredential(String rawPassword, int iterations) {
        int cost = costs.forPolicy(iterations);
        if (iterations != BcryptCosts.POLICY_UNSET && cost != iterations) {
            LOG.warnf("Password policy hashIterations(%d) is outside the usable bcrypt range %d..%d; hashing at cost %d",
                    iterations, 4, costs.maxCost(), cost);
        }
        BcryptHash hash = BcryptHash.create(rawPassword, cost);
        // The salt lives inside the modular-crypt string; Keycloak's separate salt field stays empty.
        return PasswordCredentialModel.createFromValues(BcryptPasswordHashProviderFactory.ID, new byte[0], cost, hash.text());
    }

    @Override
    public boolean verify(String rawPassword, PasswordCredentialModel credential) {
        Optional<BcryptHash> stored = storedHash(credential);
        if (stored.isEmpty()) {
            LOG.debugf("Stored credential %s is not a bcrypt hash; refusing the password", credential.getId());
            return false;
        }
        BcryptHash hash = stored.get();
        if (!costs.verifiable(hash.cost())) {
            LOG.warnf("Refusing to verify a stored bcrypt hash (credential id %s): its bcrypt cost %d is above the cap %d "
                    + "(spi-password-hashing--bcrypt--max-cost); reset that user's password", credential.getId(),
                    hash.cost(), costs.maxCost());
            return false;
        }
        return hash.matches(rawPassword);
    }

    @Override
    public String credentialHashingStrength(PasswordCredentialModel credential) {
        return storedHash(credential).map(hash -> "bcrypt-cost-" + hash.cost()).orElse("bcrypt-invalid");
    }

    private static Optional<BcryptHash> storedHash(PasswordCredentialModel credential) {
        try {
            PasswordSecretData secret = credential.getPasswordSecretData();
            return BcryptHash.parse(secret == null ? null : secret.getValue());
        } catch (RuntimeException unreadableSecretData) {
            // secretData that is not even JSON reaches us as a runtime exception from Keycloak's parser.
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        // Stateless.
    }
}
