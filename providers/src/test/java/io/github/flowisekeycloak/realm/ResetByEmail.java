package io.github.flowisekeycloak.realm;

import io.github.flowisekeycloak.testing.KeycloakServer;
import io.github.flowisekeycloak.testing.SmtpServer;
import io.github.flowisekeycloak.testing.WebBrowser;
import org.jsoup.nodes.Element;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** "Forgot password?" as a person does it: from the flowise client's login page, in one browser. */
final class ResetByEmail {

    static final String REALM = "flowise";
    // PKCE (S256) is required by the client; a fixed pair is enough here, the code is never exchanged.
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    private static final Pattern ACTION_LINK = Pattern.compile("(https?://[^\\s\"<>]+/login-actions/action-token\\?[^\\s\"<>]+)");

    private ResetByEmail() {
    }

    static String authUrl(KeycloakServer server, String redirectUri) {
        return server.baseUrl() + "/realms/" + REALM + "/protocol/openid-connect/auth?client_id=flowise&response_type=code"
                + "&scope=openid&state=s1&code_challenge_method=S256&code_challenge=" + CHALLENGE
                + "&redirect_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8);
    }

    /** Opens the login page, follows "Forgot password?", submits {@code email}; answers the page shown after. */
    static WebBrowser.Page request(WebBrowser browser, KeycloakServer server, String redirectUri, String email) {
        WebBrowser.Page login = browser.get(authUrl(server, redirectUri));
        Element forgot = login.document().selectFirst("a[href*=login-actions/reset-credentials]");
        assertThat(forgot).as("forgot-password link on the login page: %s", login.text()).isNotNull();
        WebBrowser.Page form = browser.get(forgot.absUrl("href"));
        return browser.submit(form.form("form#kc-reset-password-form"), Map.of("username", email));
    }

    /** The action-token link in a reset email's text part. */
    static String link(SmtpServer.Mail mail) {
        Matcher m = ACTION_LINK.matcher(mail.text());
        assertThat(m.find()).as("action link in: %s", mail.text()).isTrue();
        return m.group(1);
    }

    /** Fills Keycloak's new-password form. */
    static WebBrowser.Page setPassword(WebBrowser browser, WebBrowser.Page page, String password) {
        return browser.submit(page.form("form#kc-passwd-update-form"), Map.of("password-new", password, "password-confirm", password));
    }
}
