package io.github.flowisekeycloak.password;

import io.github.flowisekeycloak.settings.FlowiseSettings;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What our bcrypt provider costs on top of the bcrypt it calls: one verify of a Flowise cost-10
 * hash through {@link BcryptPasswordHashProvider#verify} (parsing, the cap, strict UTF-8, then
 * Bouncy Castle) against Bouncy Castle's {@code OpenBSDBCrypt.checkPassword} alone, measured in the
 * same run so that the ratio, not the absolute time, is the figure (the machine is shared).
 * Run: {@code mvn -pl providers -Pbenchmark test-compile exec:exec} (see README).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BcryptVerifyBenchmark {

    static final String PASSWORD = "Corr3ct-Horse!";
    static final String COST_10 = "$2a$10$hAevNcRir29b2OJetiOKc./fVWbw0dSjUEQrzJ8LegAu2Bqa.xDD6";

    private final BcryptPasswordHashProvider provider = new BcryptPasswordHashProvider(
            BcryptCosts.of(FlowiseSettings.from(Map.of()), BcryptCosts.DEFAULT_MAX_COST));
    private final PasswordCredentialModel stored = PasswordCredentialModel.createFromValues("bcrypt", new byte[0], 10, COST_10);
    private final byte[] passwordBytes = PASSWORD.getBytes(StandardCharsets.UTF_8);

    /** The baseline: Bouncy Castle's bcrypt alone. */
    @Benchmark
    public boolean bouncyCastleCheckPassword() {
        return OpenBSDBCrypt.checkPassword(COST_10, passwordBytes);
    }

    /** Our provider's verify, the call Keycloak makes at every password login. */
    @Benchmark
    public boolean providerVerify() {
        return provider.verify(PASSWORD, stored);
    }

    /** A wrong password costs the same as a right one (no early exit). */
    @Benchmark
    public boolean providerVerifyWrongPassword() {
        return provider.verify("Corr3ct-Horse?", stored);
    }
}
