package io.github.flowisekeycloak.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LandingPageTest {

    @Test
    void dataCannotBreakOutOfItsScriptElement() throws Exception {
        String hostile = "</script><script>alert(1)</script>& \u2028";
        LandingPage page = new LandingPage(new SecureRandom(), Map.of("user", "{\"name\":\"" + hostile + "\"}"),
                URI.create("http://localhost:3000"));
        String html = page.html();
        assertThat(html).doesNotContain("</script><script>alert(1)");
        Document doc = Jsoup.parse(html);
        assertThat(doc.select("script")).hasSize(2);
        Element data = doc.getElementById("flowise-bridge-data");
        JsonNode parsed = new ObjectMapper().readTree(data.data());
        assertThat(parsed.get("items").get("user").asText()).isEqualTo("{\"name\":\"" + hostile + "\"}");
        assertThat(parsed.get("next").asText()).isEqualTo("http://localhost:3000/");
    }

    @Test
    void onlyItsOwnNoncedScriptMayRun() {
        LandingPage page = new LandingPage(new SecureRandom(), Map.of("isAuthenticated", "true"), URI.create("https://ai.example.com/app/"));
        String policy = page.headers().get("Content-Security-Policy");
        Document doc = Jsoup.parse(page.html());
        String nonce = doc.select("script[nonce]").attr("nonce");
        assertThat(nonce).isNotBlank();
        assertThat(policy).contains("default-src 'none'").contains("script-src 'nonce-" + nonce + "'").contains("frame-ancestors 'none'");
        assertThat(page.headers()).containsEntry("Cache-Control", "no-store").containsEntry("Referrer-Policy", "no-referrer");
        assertThat(new LandingPage(new SecureRandom(), Map.of(), URI.create("https://ai.example.com/app/")).headers()
                .get("Content-Security-Policy")).doesNotContain(nonce);
        assertThat(doc.select("noscript").html()).contains("https://ai.example.com/app/");
    }
}
