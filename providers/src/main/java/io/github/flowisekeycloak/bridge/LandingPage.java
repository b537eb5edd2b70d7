package io.github.flowisekeycloak.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The page that ends a bridged sign-in, served on Flowise's own address (through the proxy):
 * Flowise's UI decides whether someone is signed in from localStorage alone, so this page writes
 * what the UI writes after its own login, then replaces itself with APP_URL (the callback URL,
 * holding a spent code, leaves the history). The values travel as JSON in a non-executable script
 * element; the one inline script runs under a per-response nonce and a policy that allows nothing
 * else.
 */
final class LandingPage {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String nonce;
    private final Map<String, String> items;
    private final URI next;

    LandingPage(SecureRandom random, Map<String, String> localStorageItems, URI appUrl) {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        this.nonce = Base64.getEncoder().encodeToString(bytes);
        this.items = new LinkedHashMap<>(localStorageItems);
        String app = appUrl.toString();
        this.next = URI.create(appUrl.getRawPath() == null || appUrl.getRawPath().isEmpty() ? app + "/" : app);
    }

    String html() {
        String next = escapeHtml(this.next.toString());
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"referrer\" content=\"no-referrer\"><title>Signing in to Flowise</title></head>\n"
                + "<body><p id=\"flowise-bridge-landing\">Signing you in to Flowise&hellip;</p>\n"
                + "<noscript><p>Flowise needs JavaScript. <a href=\"" + next + "\">Continue to Flowise</a></p></noscript>\n"
                + "<script type=\"application/json\" id=\"flowise-bridge-data\">" + scriptSafeJson(Map.of("items", items,
                "next", this.next.toString())) + "</script>\n"
                + "<script nonce=\"" + nonce + "\">(function () {\n"
                + "  var data = JSON.parse(document.getElementById('flowise-bridge-data').textContent);\n"
                + "  Object.keys(data.items).forEach(function (key) { window.localStorage.setItem(key, data.items[key]); });\n"
                + "  window.location.replace(data.next);\n"
                + "})();</script>\n</body></html>\n";
    }

    /** The response headers: nothing cached, nothing framed, no script but ours. */
    Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", "no-store");
        headers.put("Pragma", "no-cache");
        headers.put("Content-Security-Policy", "default-src 'none'; script-src 'nonce-" + nonce + "'; base-uri 'none'; "
                + "form-action 'none'; frame-ancestors 'none'");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("X-Robots-Tag", "none");
        return headers;
    }

    /** JSON that cannot end the script element or start markup: {@code < > &} as \\u escapes (still the same JSON). */
    static String scriptSafeJson(Object value) {
        try {
            return JSON.writeValueAsString(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                    .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
