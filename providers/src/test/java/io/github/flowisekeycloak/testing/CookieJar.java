package io.github.flowisekeycloak.testing;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A browser's cookie jar for one host on loopback. Browsers treat http://localhost as a secure
 * context and send {@code Secure} cookies there, which {@link java.net.CookieManager} refuses to do;
 * Keycloak marks its login cookies Secure, so the tests keep cookies themselves. Paths are ignored:
 * every test talks to one server.
 */
public final class CookieJar {

    private final Map<String, String> cookies = new LinkedHashMap<>();

    /** Adds the jar's cookies to a request. */
    public HttpRequest.Builder attach(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        return request;
    }

    /** Takes the {@code Set-Cookie} headers of a response. */
    public <T> HttpResponse<T> absorb(HttpResponse<T> response) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            String[] parts = header.split(";");
            int eq = parts[0].indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = parts[0].substring(0, eq).trim();
            String value = parts[0].substring(eq + 1).trim();
            boolean expired = value.isEmpty();
            for (int i = 1; i < parts.length; i++) {
                String attribute = parts[i].trim().toLowerCase();
                if (attribute.equals("max-age=0") || attribute.startsWith("expires=thu, 01 jan 1970")
                        || attribute.startsWith("expires=thu, 01-jan-1970")) {
                    expired = true;
                }
            }
            if (expired) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return response;
    }

    /** Puts a cookie as if a response had set it (a test replaying a captured one). */
    public void put(String name, String value) {
        cookies.put(name, value);
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(cookies.get(name));
    }
}
