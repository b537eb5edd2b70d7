package io.github.flowisekeycloak.realm;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** How APP_URL becomes the flowise client's URLs. */
class RealmSettingsTest {

    @Test
    void rootUrlLosesTrailingSlashes() {
        assertThat(RealmSettings.withoutTrailingSlash("https://flowise.example.test/")).isEqualTo("https://flowise.example.test");
        assertThat(RealmSettings.withoutTrailingSlash("https://example.test/flowise//")).isEqualTo("https://example.test/flowise");
        assertThat(RealmSettings.withoutTrailingSlash("http://localhost:3000")).isEqualTo("http://localhost:3000");
    }

    @Test
    void webOriginIsSchemeHostAndPortWithoutPath() {
        assertThat(RealmSettings.origin(URI.create("https://example.test/flowise/"))).isEqualTo("https://example.test");
        assertThat(RealmSettings.origin(URI.create("HTTP://localhost:3000"))).isEqualTo("http://localhost:3000");
        assertThat(RealmSettings.origin(URI.create("http://[::1]:8080/x"))).isEqualTo("http://[::1]:8080");
    }
}
