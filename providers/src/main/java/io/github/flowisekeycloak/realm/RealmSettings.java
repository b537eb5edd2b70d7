package io.github.flowisekeycloak.realm;

import io.github.flowisekeycloak.settings.FlowiseSettings;
import io.github.flowisekeycloak.settings.Secret;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Writes Flowise's settings into one managed realm. Only variables that are set are applied (an
 * unset one leaves what the realm has, so console edits survive), and a value is written only when
 * it differs, so a second start with the same environment changes nothing. Every change is returned
 * as one line for the log; secrets appear as "(changed)", never as values.
 */
final class RealmSettings {

    static final String FLOWISE_CLIENT = "flowise";
    static final String AUDIENCE_MAPPER = "flowise audience";
    static final String AUDIENCE_MAPPER_TYPE = "oidc-audience-mapper";
    static final String RESET_CREDENTIALS_TOKEN = "reset-credentials";
    private static final String POST_LOGOUT_REDIRECTS = "post.logout.redirect.uris";

    private final FlowiseSettings settings;
    private final RealmModel realm;
    private final List<String> changes = new ArrayList<>();

    private RealmSettings(FlowiseSettings settings, RealmModel realm) {
        this.settings = settings;
        this.realm = realm;
    }

    /** Applies {@code settings} to {@code realm}; answers what changed, one line each. */
    static List<String> apply(FlowiseSettings settings, RealmModel realm) {
        RealmSettings applier = new RealmSettings(settings, realm);
        applier.tokens();
        applier.passwordReset();
        applier.smtp();
        ClientModel client = realm.getClientByClientId(FLOWISE_CLIENT);
        if (client != null) {
            applier.audience(client);
            applier.clientUrls(client);
        } else if (settings.jwtAudience().isPresent() || settings.appUrl().isPresent()) {
            applier.changes.add("no client '" + FLOWISE_CLIENT + "': " + FlowiseSettings.JWT_AUDIENCE + " and "
                    + FlowiseSettings.APP_URL + " not applied");
        }
        return applier.changes;
    }

    private void tokens() {
        settings.jwtTokenExpiryMinutes().ifPresent(minutes -> {
            int seconds = seconds(minutes);
            if (realm.getAccessTokenLifespan() != seconds) {
                change("access token lifespan", realm.getAccessTokenLifespan() + " s", seconds + " s",
                        FlowiseSettings.JWT_TOKEN_EXPIRY_IN_MINUTES);
                realm.setAccessTokenLifespan(seconds);
            }
        });
        settings.jwtRefreshTokenExpiryMinutes().ifPresent(minutes -> {
            // Keycloak's refresh token lives as long as the smaller of SSO idle and SSO max: set both.
            int seconds = seconds(minutes);
            if (realm.getSsoSessionIdleTimeout() != seconds) {
                change("SSO session idle", realm.getSsoSessionIdleTimeout() + " s", seconds + " s",
                        FlowiseSettings.JWT_REFRESH_TOKEN_EXPIRY_IN_MINUTES);
                realm.setSsoSessionIdleTimeout(seconds);
            }
            if (realm.getSsoSessionMaxLifespan() != seconds) {
                change("SSO session max", realm.getSsoSessionMaxLifespan() + " s", seconds + " s",
                        FlowiseSettings.JWT_REFRESH_TOKEN_EXPIRY_IN_MINUTES);
                realm.setSsoSessionMaxLifespan(seconds);
            }
            // Flowise keeps handing out the same refresh token until it expires.
            if (realm.isRevokeRefreshToken()) {
                change("revoke refresh token", "true", "false", FlowiseSettings.JWT_REFRESH_TOKEN_EXPIRY_IN_MINUTES);
                realm.setRevokeRefreshToken(false);
            }
        });
    }

    private void passwordReset() {
        settings.passwordResetTokenExpiryMinutes().ifPresent(minutes -> {
            int seconds = seconds(minutes);
            Integer current = realm.getUserActionTokenLifespans().get(RESET_CREDENTIALS_TOKEN);
            if (current == null || current != seconds) {
                change("reset-password link lifespan", current == null ? "realm default" : current + " s", seconds + " s",
                        FlowiseSettings.PASSWORD_RESET_TOKEN_EXPIRY_IN_MINS);
                realm.setActionTokenGeneratedByUserLifespan(RESET_CREDENTIALS_TOKEN, seconds);
            }
        });
    }

    private void smtp() {
        FlowiseSettings.Smtp smtp = settings.smtp();
        Map<String, String> current = new HashMap<>(realm.getSmtpConfig());
        Map<String, String> wanted = new HashMap<>(current);
        smtp.host().ifPresent(host -> wanted.put("host", host));
        smtp.port().ifPresent(port -> wanted.put("port", Integer.toString(port)));
        smtp.senderEmail().ifPresent(from -> wanted.put("from", from));
        smtp.user().ifPresent(user -> wanted.put("user", user));
        smtp.password().map(Secret::reveal).ifPresent(password -> wanted.put("password", password));
        if (smtp.user().isPresent() || smtp.password().isPresent()) {
            wanted.put("auth", Boolean.toString(!blank(wanted.get("user")) && !blank(wanted.get("password"))));
        }
        if (smtp.host().isPresent() || smtp.port().isPresent() || smtp.secure().isPresent()) {
            // Flowise (nodemailer): secure=true is TLS from the first byte; secure=false starts in
            // plain text and upgrades with STARTTLS when the server offers it.
            boolean secure = smtp.secureOrDefault();
            wanted.put("ssl", Boolean.toString(secure));
            wanted.put("starttls", Boolean.toString(!secure));
        }
        if (wanted.equals(current)) {
            return;
        }
        Set<String> keys = new java.util.TreeSet<>(wanted.keySet());
        for (String key : keys) {
            String before = current.get(key);
            String after = wanted.get(key);
            if (!Objects.equals(before, after)) {
                boolean secret = key.equals("password");
                change("SMTP " + key, secret ? "(hidden)" : show(before), secret ? "(changed)" : show(after), "SMTP_*/SENDER_EMAIL");
            }
        }
        realm.setSmtpConfig(wanted);
    }

    private void audience(ClientModel client) {
        settings.jwtAudience().ifPresent(audience -> {
            Map<String, String> config = new HashMap<>();
            config.put("included.custom.audience", audience);
            config.put("access.token.claim", "true");
            config.put("introspection.token.claim", "true");
            config.put("id.token.claim", "false");
            ProtocolMapperModel existing = client.getProtocolMapperByName(OIDCLoginProtocol.LOGIN_PROTOCOL, AUDIENCE_MAPPER);
            if (existing == null) {
                ProtocolMapperModel mapper = new ProtocolMapperModel();
                mapper.setName(AUDIENCE_MAPPER);
                mapper.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
                mapper.setProtocolMapper(AUDIENCE_MAPPER_TYPE);
                mapper.setConfig(config);
                client.addProtocolMapper(mapper);
                change("client " + FLOWISE_CLIENT + " audience", "(none)", audience, FlowiseSettings.JWT_AUDIENCE);
            } else if (!AUDIENCE_MAPPER_TYPE.equals(existing.getProtocolMapper()) || !config.equals(existing.getConfig())) {
                String before = existing.getConfig() == null ? null : existing.getConfig().get("included.custom.audience");
                existing.setProtocolMapper(AUDIENCE_MAPPER_TYPE);
                existing.setConfig(config);
                client.updateProtocolMapper(existing);
                change("client " + FLOWISE_CLIENT + " audience", show(before), audience, FlowiseSettings.JWT_AUDIENCE);
            }
        });
    }

    private void clientUrls(ClientModel client) {
        settings.appUrl().ifPresent(appUrl -> {
            String base = withoutTrailingSlash(appUrl.toString());
            String origin = origin(appUrl);
            if (!base.equals(client.getRootUrl())) {
                change("client " + FLOWISE_CLIENT + " root URL", show(client.getRootUrl()), base, FlowiseSettings.APP_URL);
                client.setRootUrl(base);
            }
            Set<String> redirects = Set.of(base + "/*");
            if (!redirects.equals(client.getRedirectUris())) {
                change("client " + FLOWISE_CLIENT + " redirect URIs", String.valueOf(client.getRedirectUris()), redirects.toString(),
                        FlowiseSettings.APP_URL);
                client.setRedirectUris(new LinkedHashSet<>(redirects));
            }
            Set<String> origins = Set.of(origin);
            if (!origins.equals(client.getWebOrigins())) {
                change("client " + FLOWISE_CLIENT + " web origins", String.valueOf(client.getWebOrigins()), origins.toString(),
                        FlowiseSettings.APP_URL);
                client.setWebOrigins(new LinkedHashSet<>(origins));
            }
            String postLogout = base + "/*";
            if (!postLogout.equals(client.getAttribute(POST_LOGOUT_REDIRECTS))) {
                change("client " + FLOWISE_CLIENT + " post-logout redirect URIs", show(client.getAttribute(POST_LOGOUT_REDIRECTS)),
                        postLogout, FlowiseSettings.APP_URL);
                client.setAttribute(POST_LOGOUT_REDIRECTS, postLogout);
            }
        });
    }

    static String withoutTrailingSlash(String url) {
        String out = url;
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    static String origin(URI url) {
        return url.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + url.getRawAuthority();
    }

    private void change(String what, String before, String after, String because) {
        changes.add(what + ": " + before + " -> " + after + " (" + because + ")");
    }

    private static int seconds(int minutes) {
        long seconds = minutes * 60L;
        // Keycloak stores lifespans as int seconds; a minute count that large means "practically forever".
        return (int) Math.min(seconds, Integer.MAX_VALUE);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String show(String value) {
        return Optional.ofNullable(value).orElse("(unset)");
    }
}
