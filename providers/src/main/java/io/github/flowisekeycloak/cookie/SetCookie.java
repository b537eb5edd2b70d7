package io.github.flowisekeycloak.cookie;

/**
 * {@code Set-Cookie} header values with Flowise's attributes: HttpOnly, SameSite=Lax, Path=/, no
 * Domain (host-only) and no expiry (a browser-session cookie), Secure by Flowise's rule. Written by
 * hand because JAX-RS's NewCookie adds {@code Version=1}, which Flowise never sends.
 */
public final class SetCookie {

    public static final String TOKEN = "token";
    public static final String REFRESH_TOKEN = "refreshToken";

    private final boolean secure;

    public SetCookie(boolean secure) {
        this.secure = secure;
    }

    public String set(String name, String value) {
        return name + "=" + value + "; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    public String clear(String name) {
        return name + "=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : "");
    }
}
