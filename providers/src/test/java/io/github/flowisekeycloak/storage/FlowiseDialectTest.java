package io.github.flowisekeycloak.storage;

import io.github.flowisekeycloak.settings.FlowiseSettings;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlowiseDialectTest {

    @Test
    void typesAreFlowisesDatabaseTypeValues() {
        assertThat(FlowiseDialect.of("postgres")).contains(FlowiseDialect.POSTGRES);
        assertThat(FlowiseDialect.of(" MariaDB ")).contains(FlowiseDialect.MARIADB);
        assertThat(FlowiseDialect.of("oracle")).isEmpty();
    }

    @Test
    void sqliteLowerCasesAsciiOnlyAsItsLowerDoes() {
        assertThat(FlowiseDialect.SQLITE.lowerCase("ÄLICE@X.COM")).isEqualTo("Älice@x.com");
        assertThat(FlowiseDialect.POSTGRES.lowerCase("ÄLICE@X.COM")).isEqualTo("älice@x.com");
    }

    @Test
    void mysqlFamilyComparesInABinaryCollationAndQuotesWithBackticks() {
        assertThat(FlowiseDialect.MARIADB.emailEquals()).contains("utf8mb4_bin").doesNotContain("LIKE");
        assertThat(FlowiseDialect.MYSQL.sql("SELECT u.\"id\" FROM \"user\" u")).isEqualTo("SELECT u.`id` FROM `user` u");
        assertThat(FlowiseDialect.POSTGRES.emailEquals()).doesNotContain("LIKE");
        assertThat(FlowiseDialect.POSTGRES.idEquals()).contains("uuid");
    }

    @Test
    void theFormIsValidatedFieldByField() {
        FlowiseSettings settings = FlowiseSettings.from(Map.of("DATABASE_PASSWORD", "from-env"));
        ComponentModel model = new ComponentModel();
        model.getConfig().putSingle(FlowiseDatabaseConfig.TYPE, "postgres");
        assertThatThrownBy(() -> FlowiseDatabaseConfig.of(model, settings)).hasMessageContaining("Database host");
        model.getConfig().putSingle(FlowiseDatabaseConfig.HOST, "db");
        assertThatThrownBy(() -> FlowiseDatabaseConfig.of(model, settings)).hasMessageContaining("Database name");
        model.getConfig().putSingle(FlowiseDatabaseConfig.NAME, "flowise");
        model.getConfig().putSingle(FlowiseDatabaseConfig.PORT, "54x");
        assertThatThrownBy(() -> FlowiseDatabaseConfig.of(model, settings)).hasMessageContaining("54x");
        model.getConfig().putSingle(FlowiseDatabaseConfig.PORT, "");
        FlowiseDatabaseConfig config = FlowiseDatabaseConfig.of(model, settings);
        assertThat(config.port()).isEqualTo(5432);
        assertThat(config.password()).as("empty field: DATABASE_PASSWORD").isEqualTo("from-env");
        assertThat(config.describe()).doesNotContain("from-env");
        assertThat(FlowiseDialect.POSTGRES.jdbcUrl(config)).isEqualTo("jdbc:postgresql://db:5432/flowise");

        ComponentModel sqlite = new ComponentModel();
        sqlite.getConfig().putSingle(FlowiseDatabaseConfig.TYPE, "sqlite");
        sqlite.getConfig().putSingle(FlowiseDatabaseConfig.PATH, "/data/.flowise");
        assertThat(FlowiseDatabaseConfig.of(sqlite, settings).sqliteFile()).isEqualTo("/data/.flowise/database.sqlite");
        sqlite.getConfig().putSingle(FlowiseDatabaseConfig.PATH, "/data/other.sqlite");
        assertThat(FlowiseDatabaseConfig.of(sqlite, settings).sqliteFile()).isEqualTo("/data/other.sqlite");
    }

    @Test
    void theFormsDefaultsComeFromFlowisesVariablesButNeverThePassword() {
        FlowiseSettings settings = FlowiseSettings.from(Map.of("DATABASE_TYPE", "mysql", "DATABASE_HOST", "mysql.internal",
                "DATABASE_PASSWORD", "s3cret"));
        var props = FlowiseDatabaseConfig.properties(settings);
        assertThat(props).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo(FlowiseDatabaseConfig.TYPE);
            assertThat(p.getDefaultValue()).isEqualTo("mysql");
        });
        assertThat(props).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo(FlowiseDatabaseConfig.HOST);
            assertThat(p.getDefaultValue()).isEqualTo("mysql.internal");
        });
        assertThat(props).allSatisfy(p -> assertThat(String.valueOf(p.getDefaultValue())).doesNotContain("s3cret"));
    }
}
