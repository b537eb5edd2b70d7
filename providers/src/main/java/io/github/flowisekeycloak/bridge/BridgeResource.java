package io.github.flowisekeycloak.bridge;

import io.github.flowisekeycloak.cookie.CookieApiConfig;
import io.github.flowisekeycloak.cookie.SetCookie;
import io.github.flowisekeycloak.cookie.TokenPair;
import io.github.flowisekeycloak.realm.FlowiseRealmSettingsFactory;
import io.github.flowisekeycloak.storage.FlowiseAccount;
import io.github.flowisekeycloak.storage.FlowiseDatabase;
import io.github.flowisekeycloak.storage.FlowiseLogin;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.SessionExpirationUtils;
import org.keycloak.services.ErrorPage;

import java.net.URI;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The bridge on a realm, at {@code /realms/{realm}/flowise-bridge}: starts a sign-in at the realm
 * (an authorization-code request of the {@code flowise} client with PKCE, state bound to this
 * browser by a cookie), and at its end ({@code /callback}) consumes the code once, finds the person's
 * Flowise account, writes the session Flowise's own login would write into Flowise's session store,
 * sets Flowise's three cookies, and answers a page that records the sign-in the way Flowise's UI
 * does (localStorage) before opening Flowise. It must be reached through Flowise's address
 * (APP_URL, a reverse proxy sending {@code /realms/} to Keycloak): cookies and localStorage belong
 * to a site.
 */
public final class BridgeResource {

    static final String CLIENT_ID = "flowise";
    static final String PATH = FlowiseBridgeResourceProviderFactory.ID;
    static final String STATE_COOKIE_PREFIX = "FLOWISE_BRIDGE_";
    /** Our event detail naming the Flowise user signed in. */
    static final String FLOWISE_ID_DETAIL = "flowise_id";
    private static final Logger LOG = Logger.getLogger(BridgeResource.class);

    private final KeycloakSession session;
    private final BridgeConfig config;
    private final SecureRandom random;

    BridgeResource(KeycloakSession session, BridgeConfig config, SecureRandom random) {
        this.session = session;
        this.config = config;
        this.random = random;
    }

    /** Starts a sign-in at the realm that ends at {@link #callback}. */
    @GET
    public Response start() {
        RealmModel realm = session.getContext().getRealm();
        Optional<Response> refused = refuse(realm);
        if (refused.isPresent()) {
            return refused.get();
        }
        try {
            BridgeTarget.of(session, realm, config);
        } catch (BridgeTarget.Unavailable e) {
            return page(Response.Status.SERVICE_UNAVAILABLE, "flowiseBridgeUnavailable", e.getMessage());
        }
        ClientModel client = realm.getClientByClientId(CLIENT_ID);
        if (client == null || !client.isEnabled()) {
            return page(Response.Status.SERVICE_UNAVAILABLE, "flowiseBridgeUnavailable",
                    "the realm has no enabled '" + CLIENT_ID + "' client");
        }
        BridgeState state = BridgeState.create(random);
        URI authorization = realmUri(realm).path("protocol/openid-connect/auth")
                .queryParam("client_id", CLIENT_ID)
                .queryParam("redirect_uri", callbackUri(realm))
                .queryParam("response_type", "code")
                .queryParam("scope", "openid")
                .queryParam("state", state.state())
                .queryParam("code_challenge", state.challenge())
                .queryParam("code_challenge_method", "S256")
                .build();
        return Response.seeOther(authorization)
                .header("Set-Cookie", state.setCookie(cookiePath(realm), realm.getAccessCodeLifespanLogin(), config.secureCookies()))
                .header("Cache-Control", "no-store")
                .build();
    }

    /** The end of the sign-in the bridge started: checks, then signs the person in to Flowise. */
    @GET
    @Path("callback")
    public Response callback(@QueryParam("state") String state, @QueryParam("code") String code,
                             @QueryParam("error") String error) {
        RealmModel realm = session.getContext().getRealm();
        Optional<Response> refused = refuse(realm);
        if (refused.isPresent()) {
            return refused.get();
        }
        List<String> cookies = new ArrayList<>();
        Optional<String> verifier = Optional.empty();
        if (state != null && BridgeState.looksLikeState(state)) {
            cookies.add(BridgeState.clearCookie(state, cookiePath(realm), config.secureCookies()));
            Cookie cookie = session.getContext().getRequestHeaders().getCookies().get(STATE_COOKIE_PREFIX + state);
            verifier = BridgeState.verifier(state, cookie == null ? null : cookie.getValue());
        }
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.CODE_TO_TOKEN).client(CLIENT_ID).detail(Details.AUTH_METHOD, PATH);
        if (verifier.isEmpty()) {
            // No cookie for this state: the sign-in was not started by this browser (a link from
            // elsewhere, another browser, or an old tab). The code is not even looked at.
            event.detail(Details.REASON, "state not started by this browser").error(Errors.INVALID_REQUEST);
            return withCookies(page(Response.Status.BAD_REQUEST, "flowiseBridgeNotStartedHere"), cookies);
        }
        if (error != null) {
            // An OAuth error code (access_denied, login_required, ...); anything else is not echoed back.
            String shown = error.matches("[a-z_]{1,40}") ? error : "error";
            event.detail(Details.REASON, "authorization error: " + shown).error(Errors.INVALID_REQUEST);
            return withCookies(page(Response.Status.BAD_REQUEST, "flowiseBridgeSignInFailed", shown), cookies);
        }
        CodeExchange.Result exchanged = new CodeExchange(session, realm, event).exchange(code, callbackUri(realm).toString(),
                verifier.get(), CLIENT_ID);
        if (exchanged.failure().isPresent()) {
            return withCookies(page(Response.Status.BAD_REQUEST, "flowiseBridgeSignInFailed", exchanged.failure().get()), cookies);
        }
        UserSessionModel userSession = exchanged.userSession().orElseThrow();
        UserModel user = userSession.getUser();
        event.user(user).session(userSession);
        try {
            return withCookies(signIn(realm, user, userSession, event, cookies), List.of());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Flowise bridge: signing %s in to Flowise failed", user.getId());
            event.detail(Details.REASON, e.getClass().getSimpleName()).error(Errors.INVALID_REQUEST);
            return withCookies(page(Response.Status.INTERNAL_SERVER_ERROR, "flowiseBridgeFailed"), cookies);
        }
    }

    private Response signIn(RealmModel realm, UserModel user, UserSessionModel userSession, EventBuilder event, List<String> cookies) {
        BridgeTarget target;
        try {
            target = BridgeTarget.of(session, realm, config);
        } catch (BridgeTarget.Unavailable e) {
            event.detail(Details.REASON, e.getMessage()).error(Errors.INVALID_REQUEST);
            return withCookies(page(Response.Status.SERVICE_UNAVAILABLE, "flowiseBridgeUnavailable", e.getMessage()), cookies);
        }
        Optional<FlowiseAccount> account;
        String flowiseId = user.getFirstAttribute(FlowiseDatabase.FLOWISE_ID_ATTRIBUTE);
        boolean verifiedEmail = user.getEmail() != null && user.isEmailVerified();
        try {
            if (flowiseId != null && !flowiseId.isBlank()) {
                // Migrated from Flowise: the id is the link, whatever the address became since.
                account = target.database().findById(flowiseId);
            } else if (verifiedEmail) {
                account = target.database().findByEmail(user.getEmail());
            } else {
                // An address nobody proved to own must not open somebody's Flowise account.
                event.detail(Details.REASON, "email not verified").error("flowise_email_not_verified");
                return withCookies(accountPage(realm, user, "email-not-verified"), cookies);
            }
        } catch (SQLException e) {
            LOG.warnf("Flowise bridge: reading Flowise's users from %s failed: %s", target.database().describe(), e);
            event.detail(Details.REASON, e.getClass().getSimpleName()).error(Errors.INVALID_REQUEST);
            return withCookies(page(Response.Status.SERVICE_UNAVAILABLE, "flowiseBridgeDatabaseFailed"), cookies);
        }
        if (account.isEmpty()) {
            event.error("flowise_account_not_found");
            return withCookies(accountPage(realm, user, "not-found"), cookies);
        }
        if (!account.get().active()) {
            event.detail("flowise_status", account.get().status()).error("flowise_account_not_active");
            return withCookies(accountPage(realm, user, "not-active"), cookies);
        }
        FlowiseLogin login;
        FlowiseSessionRecord record;
        try {
            login = target.database().login(account.get());
            record = new FlowiseSessionRecord(login);
        } catch (FlowiseLogin.Refused | IllegalArgumentException e) {
            event.detail(Details.REASON, e.getMessage()).error("flowise_account_unusable");
            return withCookies(page(Response.Status.FORBIDDEN, "flowiseBridgeAccountUnusable", e.getMessage()), cookies);
        } catch (SQLException e) {
            LOG.warnf("Flowise bridge: reading the Flowise login from %s failed: %s", target.database().describe(), e);
            event.detail(Details.REASON, e.getClass().getSimpleName()).error(Errors.INVALID_REQUEST);
            return withCookies(page(Response.Status.SERVICE_UNAVAILABLE, "flowiseBridgeDatabaseFailed"), cookies);
        }

        long nowMillis = Time.currentTimeMillis();
        long expiresAt = SessionExpirationUtils.calculateUserSessionMaxLifespanTimestamp(false, userSession.isRememberMe(),
                TimeUnit.SECONDS.toMillis(userSession.getStarted()), realm);
        if (expiresAt <= nowMillis) {
            // No maximum configured: the store's own default of one day, as Flowise's rows get.
            expiresAt = nowMillis + TimeUnit.DAYS.toMillis(1);
        }
        FlowiseSessionRecord.Mark mark = new FlowiseSessionRecord.Mark(realm.getId(), user.getId(), userSession.getId());
        ConnectSid connectSid = new ConnectSid(random, config.sessionSecret());
        String sid = connectSid.newId();
        try {
            target.store().save(sid, record.sessJson(expiresAt, config.secureCookies(), mark), expiresAt, mark);
        } catch (SessionStoreException e) {
            LOG.warnf("Flowise bridge: %s", e.describe());
            event.detail(Details.REASON, "session store: " + e.getMessage()).error(Errors.INVALID_REQUEST);
            return withCookies(page(Response.Status.SERVICE_UNAVAILABLE, "flowiseBridgeStoreFailed", target.store().describe()), cookies);
        }

        TokenPair tokens = new TokenPair(config.tokens(), realm, nowMillis / 1000);
        String access = tokens.access(login.userId(), login.name(), login.workspaceId(), userSession.getId());
        String refresh = tokens.refresh(login.userId(), login.name(), login.workspaceId(), userSession.getId(), expiresAt / 1000);
        SetCookie flowiseCookies = new SetCookie(config.secureCookies());
        cookies.add(flowiseCookies.set(ConnectSid.COOKIE, connectSid.cookieValue(sid)));
        cookies.add(flowiseCookies.set(SetCookie.TOKEN, access));
        cookies.add(flowiseCookies.set(SetCookie.REFRESH_TOKEN, refresh));
        event.detail(FLOWISE_ID_DETAIL, login.userId()).success();

        LandingPage landing = new LandingPage(random, record.localStorage(), config.appUrl());
        // The page sends its own, stricter headers (a nonce-only script policy); Keycloak's filter would overwrite them.
        session.getProvider(SecurityHeadersProvider.class).options().skipHeaders();
        Response.ResponseBuilder r = Response.ok(landing.html(), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        landing.headers().forEach(r::header);
        cookies.forEach(c -> r.header("Set-Cookie", c));
        return r.build();
    }

    /** Not a managed realm (404), the bridge off (503), or not reached through APP_URL (400). */
    private Optional<Response> refuse(RealmModel realm) {
        if (!"true".equals(realm.getAttribute(FlowiseRealmSettingsFactory.MANAGED_ATTRIBUTE))) {
            return Optional.of(Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_PLAIN_TYPE).entity("Not Found").build());
        }
        if (config.disabledReason().isPresent()) {
            return Optional.of(page(Response.Status.SERVICE_UNAVAILABLE, "flowiseBridgeDisabled", config.disabledReason().get()));
        }
        String requestOrigin = CookieApiConfig.origin(session.getContext().getUri().getBaseUri());
        if (!requestOrigin.equals(config.appOrigin())) {
            return Optional.of(page(Response.Status.BAD_REQUEST, "flowiseBridgeWrongAddress", config.appOrigin(), requestOrigin));
        }
        return Optional.empty();
    }

    /** The themed page for a person whose Flowise account is missing, not active, or whose address is not verified. */
    private Response accountPage(RealmModel realm, UserModel user, String reason) {
        URI again = realmUri(realm).path(PATH).build();
        URI signOut = realmUri(realm).path("protocol/openid-connect/logout")
                .queryParam("client_id", CLIENT_ID)
                .queryParam("post_logout_redirect_uri", again)
                .build();
        Response form = session.getProvider(LoginFormsProvider.class)
                .setAttribute("flowiseReason", reason)
                .setAttribute("flowiseEmail", user.getEmail() == null ? user.getUsername() : user.getEmail())
                .setAttribute("flowiseSignOutUrl", signOut.toString())
                .setAttribute("flowiseAppUrl", config.appUrl().toString())
                .setStatus(Response.Status.FORBIDDEN)
                .createForm("flowise-no-account.ftl");
        return Response.fromResponse(form).header("Cache-Control", "no-store").build();
    }

    private Response page(Response.Status status, String messageKey, Object... parameters) {
        return Response.fromResponse(ErrorPage.error(session, null, status, messageKey, parameters))
                .header("Cache-Control", "no-store").build();
    }

    private static Response withCookies(Response response, List<String> cookies) {
        if (cookies.isEmpty()) {
            return response;
        }
        Response.ResponseBuilder r = Response.fromResponse(response);
        cookies.forEach(c -> r.header("Set-Cookie", c));
        return r.build();
    }

    private UriBuilder realmUri(RealmModel realm) {
        return session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName());
    }

    /** The callback on the address the request came through (checked to be APP_URL's origin). */
    private URI callbackUri(RealmModel realm) {
        return realmUri(realm).path(PATH).path("callback").build();
    }

    private String cookiePath(RealmModel realm) {
        return realmUri(realm).path(PATH).build().getRawPath();
    }
}
