package io.github.flowisekeycloak.password;

import io.github.flowisekeycloak.settings.FlowiseSettings;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.credential.PasswordCredentialModel;

import java.text.Normalizer;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class BcryptPasswordHashProviderTest {

    static final String HORSE = "Corr3ct-Horse!";
    static final String HORSE_COST5 = "$2a$05$OEgFws9QrXxD9VnBty.f2ukeBy4VZ38JFAqslFDXAvp1Of2194cbm";
    static final String HORSE_COST10 = "$2a$10$hAevNcRir29b2OJetiOKc./fVWbw0dSjUEQrzJ8LegAu2Bqa.xDD6";
    static final String BYTES_72 = "Aa1!" + "x".repeat(68);
    static final String BYTES_72_HASH = "$2a$05$6lT4g/5dGLuxKnlwlHwxV.oNP83jmX9X5jpHtohfiQv.qmPXoh19W";
    static final String CHARS_100_HASH = "$2a$05$NKAfg8eSAiTE80g2xwvXJeM1IYDxh.fKZmh4f3gB39l37zE9FHk82";
    static final String UMLAUTS_74 = "Ää1!" + "ü".repeat(34);
    static final String UMLAUTS_74_HASH = "$2a$05$xKUXdScX9ytIEY1jIBuhMe8fmmkPA469kcqhT4ynBFcCSoJRDfOQq";
    static final String GRUESSE_NFC = Normalizer.normalize("Grüße-Pass1!", Normalizer.Form.NFC);
    static final String GRUESSE_HASH = "$2a$05$5pfOx8g8Y4jyrlaPQ0xjU.fy2310o/d09Kp86wLi8F9DaXqzpE/5.";

    private static BcryptPasswordHashProvider provider(Map<String, String> env) {
        return new BcryptPasswordHashProvider(BcryptCosts.of(FlowiseSettings.from(env), BcryptCosts.DEFAULT_MAX_COST));
    }

    private static final BcryptPasswordHashProvider DEFAULTS = provider(Map.of());

    private static PasswordCredentialModel stored(String hash, int claimedIterations) {
        return PasswordCredentialModel.createFromValues("bcrypt", new byte[0], claimedIterations, hash);
    }

    private static PasswordCredentialModel stored(String hash) {
        return stored(hash, 10);
    }

    @Nested
    class FlowiseHashes {

        @ParameterizedTest
        @ValueSource(strings = {"$2a$", "$2b$", "$2y$"})
        void allThreePrefixesAcceptTheSamePassword(String prefix) {
            String hash = prefix + HORSE_COST5.substring(4);
            assertThat(DEFAULTS.verify(HORSE, stored(hash))).isTrue();
            assertThat(DEFAULTS.verify("Corr3ct-Horse?", stored(hash))).isFalse();
        }

        @Test
        void cost10HashFromBcryptjs() {
            assertThat(DEFAULTS.verify(HORSE, stored(HORSE_COST10))).isTrue();
            assertThat(DEFAULTS.verify("corr3ct-Horse!", stored(HORSE_COST10))).isFalse();
        }

        @Test
        void costIsReadFromTheHashNotFromHashIterations() {
            assertThat(DEFAULTS.verify(HORSE, stored(HORSE_COST5, 27500))).isTrue();
            assertThat(DEFAULTS.verify(HORSE, stored(HORSE_COST10, -1))).isTrue();
        }

        @Test
        void exactly72BytesMatch() {
            assertThat(BYTES_72.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(72);
            assertThat(DEFAULTS.verify(BYTES_72, stored(BYTES_72_HASH))).isTrue();
            assertThat(DEFAULTS.verify(BYTES_72.substring(0, 71), stored(BYTES_72_HASH))).isFalse();
        }

        @Test
        void onlyTheFirst72BytesCount() {
            String hundred = BYTES_72 + "Y".repeat(28);
            assertThat(hundred).hasSize(100);
            assertThat(DEFAULTS.verify(hundred, stored(CHARS_100_HASH))).isTrue();
            assertThat(DEFAULTS.verify(BYTES_72, stored(CHARS_100_HASH))).isTrue();
            assertThat(DEFAULTS.verify(BYTES_72 + "Z".repeat(28), stored(CHARS_100_HASH))).isTrue();
        }

        @Test
        void multiByteCharactersCountAsUtf8Bytes() {
            assertThat(UMLAUTS_74.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(74);
            assertThat(DEFAULTS.verify(UMLAUTS_74, stored(UMLAUTS_74_HASH))).isTrue();
            // "Ää1!" is 6 bytes, so 33 ü end exactly at byte 72: the same key, as in bcryptjs.
            assertThat(DEFAULTS.verify("Ää1!" + "ü".repeat(33), stored(UMLAUTS_74_HASH))).isTrue();
            assertThat(DEFAULTS.verify("Ää1!" + "ü".repeat(32), stored(UMLAUTS_74_HASH))).isFalse();
            assertThat(DEFAULTS.verify("Ää1!ö" + "ü".repeat(33), stored(UMLAUTS_74_HASH))).isFalse();
            // Case-folding an umlaut changes the bytes.
            assertThat(DEFAULTS.verify("ÄÄ1!" + "ü".repeat(34), stored(UMLAUTS_74_HASH))).isFalse();
        }

        @Test
        void noUnicodeNormalisation() {
            String nfd = Normalizer.normalize(GRUESSE_NFC, Normalizer.Form.NFD);
            assertThat(nfd).isNotEqualTo(GRUESSE_NFC);
            assertThat(DEFAULTS.verify(GRUESSE_NFC, stored(GRUESSE_HASH))).isTrue();
            assertThat(DEFAULTS.verify(nfd, stored(GRUESSE_HASH))).isFalse();
        }

        @Test
        void loneSurrogateNeverMatchesNotEvenTheQuestionMarkSpelling() {
            String questionMark = "Lone?Surrogate1!";
            String hash = BcryptHash.create(questionMark, 4).text();
            assertThat(DEFAULTS.verify(questionMark, stored(hash))).isTrue();
            assertThat(DEFAULTS.verify("Lone\uD83DSurrogate1!", stored(hash))).isFalse();
            assertThat(DEFAULTS.verify("Lone\uDE00Surrogate1!", stored(hash))).isFalse();
        }
    }

    @Nested
    class BadStoredData {

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "garbage", "$2a$05$", "$2a$05$OEgFws9QrXxD9VnBty.f2ukeBy4VZ38JFAqslFDXAvp1Of2194cb",
                "$2a$05$OEgFws9QrXxD9VnBty.f2ukeBy4VZ38JFAqslFDXAvp1Of2194cbmm", "$2x$05$OEgFws9QrXxD9VnBty.f2ukeBy4VZ38JFAqslFDXAvp1Of2194cbm",
                "$2$05$OEgFws9QrXxD9VnBty.f2ukeBy4VZ38JFAqslFDXAvp1Of2194cbm", "$2a$03$OEgFws9QrXxD9VnBty.f2ukeBy4VZ38JFAqslFDXAvp1Of2194cbm",
                "$2a$99$OEgFws9QrXxD9VnBty.f2ukeBy4VZ38JFAqslFDXAvp1Of2194cbm", "$2a$5$OEgFws9QrXxD9VnBty.f2ukeBy4VZ38JFAqslFDXAvp1Of2194cbmX",
                "$2a$05$OEgFws9QrXxD9VnBty.f2ukeBy4VZ38JFAqslFDXAvp1Of2194cb!", "{\"value\":1}"})
        void notBcryptFailsCleanly(String hash) {
            assertThatCode(() -> assertThat(DEFAULTS.verify(HORSE, stored(hash))).isFalse()).doesNotThrowAnyException();
            assertThat(DEFAULTS.policyCheck(PasswordPolicy.empty(), stored(hash))).isFalse();
        }

        @Test
        void missingSecretDataFailsCleanly() {
            CredentialModel raw = new CredentialModel();
            raw.setType(PasswordCredentialModel.TYPE);
            raw.setCredentialData("{\"algorithm\":\"bcrypt\",\"hashIterations\":10}");
            raw.setSecretData("{\"value\":null}");
            PasswordCredentialModel model = PasswordCredentialModel.createFromCredentialModel(raw);
            assertThatCode(() -> assertThat(DEFAULTS.verify(HORSE, model)).isFalse()).doesNotThrowAnyException();
        }

        @Test
        void nullPasswordFailsCleanly() {
            assertThat(DEFAULTS.verify(null, stored(HORSE_COST5))).isFalse();
        }

        @Test
        void costAboveTheCapIsRefusedWithoutHashing() {
            // A planted cost-31 hash would take a day to verify; it must be refused at once.
            String planted = "$2a$31$" + HORSE_COST5.substring(7);
            long start = System.nanoTime();
            assertThat(DEFAULTS.verify(HORSE, stored(planted))).isFalse();
            assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
        }

        @Test
        void lowerCapRefusesCost10() {
            BcryptPasswordHashProvider strict = new BcryptPasswordHashProvider(
                    BcryptCosts.of(FlowiseSettings.from(Map.of("PASSWORD_SALT_HASH_ROUNDS", "5")), 9));
            assertThat(strict.verify(HORSE, stored(HORSE_COST10))).isFalse();
            assertThat(strict.verify(HORSE, stored(HORSE_COST5))).isTrue();
        }
    }

    @Nested
    class NewHashesAndRehash {

        @Test
        void newHashUsesDefaultCost10AndStoresTheEffectiveCost() {
            PasswordCredentialModel created = DEFAULTS.encodedCredential(HORSE, -1);
            assertThat(created.getPasswordSecretData().getValue()).startsWith("$2a$10$").hasSize(60);
            assertThat(created.getPasswordCredentialData().getHashIterations()).isEqualTo(10);
            assertThat(created.getPasswordCredentialData().getAlgorithm()).isEqualTo("bcrypt");
            assertThat(DEFAULTS.verify(HORSE, created)).isTrue();
        }

        @Test
        void newHashUsesPasswordSaltHashRounds() {
            BcryptPasswordHashProvider eleven = provider(Map.of("PASSWORD_SALT_HASH_ROUNDS", "11"));
            assertThat(eleven.encodedCredential(HORSE, -1).getPasswordSecretData().getValue()).startsWith("$2a$11$");
        }

        @Test
        void policyIterationsWinOverTheEnvironment() {
            BcryptPasswordHashProvider eleven = provider(Map.of("PASSWORD_SALT_HASH_ROUNDS", "11"));
            PasswordCredentialModel created = eleven.encodedCredential(HORSE, 6);
            assertThat(created.getPasswordSecretData().getValue()).startsWith("$2a$06$");
            assertThat(created.getPasswordCredentialData().getHashIterations()).isEqualTo(6);
        }

        @Test
        void policyAboveTheCapIsClampedNeverExceeded() {
            BcryptPasswordHashProvider capped = new BcryptPasswordHashProvider(
                    BcryptCosts.of(FlowiseSettings.from(Map.of("PASSWORD_SALT_HASH_ROUNDS", "4")), 5));
            assertThat(capped.encodedCredential(HORSE, 20).getPasswordSecretData().getValue()).startsWith("$2a$05$");
        }

        @Test
        void lowerStoredCostAsksForRehash() {
            assertThat(DEFAULTS.policyCheck(PasswordPolicy.empty(), stored(HORSE_COST5, 10))).isFalse();
            assertThat(DEFAULTS.meetsPolicy(10, stored(HORSE_COST5))).isFalse();
        }

        @Test
        void equalOrHigherStoredCostIsKeptNeverRehashedDown() {
            assertThat(DEFAULTS.policyCheck(PasswordPolicy.empty(), stored(HORSE_COST10))).isTrue();
            assertThat(DEFAULTS.meetsPolicy(5, stored(HORSE_COST10))).isTrue();
            String cost12 = BcryptHash.create(HORSE, 12).text();
            assertThat(DEFAULTS.meetsPolicy(10, stored(cost12, 12))).isTrue();
            // hashIterations claims 4, but the hash itself says 12: no rehash.
            assertThat(DEFAULTS.meetsPolicy(10, stored(cost12, 4))).isTrue();
        }

        @Test
        void rehashAfterLoginWritesTheWantedCost() {
            // What Keycloak does after a successful verify when policyCheck says no.
            PasswordCredentialModel old = stored(HORSE_COST5, 5);
            assertThat(DEFAULTS.verify(HORSE, old)).isTrue();
            assertThat(DEFAULTS.policyCheck(PasswordPolicy.empty(), old)).isFalse();
            PasswordCredentialModel rehashed = DEFAULTS.encodedCredential(HORSE, PasswordPolicy.empty().getHashIterations());
            assertThat(rehashed.getPasswordSecretData().getValue()).startsWith("$2a$10$");
            assertThat(DEFAULTS.verify(HORSE, rehashed)).isTrue();
            assertThat(DEFAULTS.policyCheck(PasswordPolicy.empty(), rehashed)).isTrue();
        }

        @Test
        void anotherAlgorithmFailsPolicyCheckSoItIsRehashedToBcrypt() {
            PasswordCredentialModel pbkdf2 = PasswordCredentialModel.createFromValues("pbkdf2-sha256", new byte[16], 27500, "AAAA");
            assertThat(DEFAULTS.policyCheck(PasswordPolicy.empty(), pbkdf2)).isFalse();
        }

        @Test
        void eachNewHashHasItsOwnSalt() {
            assertThat(DEFAULTS.encodedCredential(HORSE, 4).getPasswordSecretData().getValue())
                    .isNotEqualTo(DEFAULTS.encodedCredential(HORSE, 4).getPasswordSecretData().getValue());
        }
    }
}
