package io.github.flowisekeycloak.cookie;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.github.flowisekeycloak.realm.FlowiseRealmSettingsFactory;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Flowise's auth contract on a realm, under {@code /realms/{realm}/flowise/}: login, refresh, a
 * session check, logout; {@code token} and {@code refreshToken} cookies in Flowise's format, each
 * backed by a real Keycloak user session.
 *
 * <p>Deliberate differences from Flowise: an unknown email and a wrong password get the same answer
 * (Flowise answers 404 for the first); refresh needs the Keycloak session to be alive (Flowise
 * answers 200 without one); logout clears the cookies (Flowise only drops its session). Tokens only
 * ever travel in {@code Set-Cookie}.
 */
public final class FlowiseAuthResource {

    static final String CLIENT_ID = "flowise";
    private static final int MAX_BODY_BYTES = 16 * 1024;
    private static final Logger LOG = Logger.getLogger(FlowiseAuthResource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakSession session;
    private final CookieApiConfig config;

    FlowiseAuthResource(KeycloakSession session, CookieApiConfig config) {
        this.session = session;
        this.config = config;
    }

    @POST
    @Path("api/v1/auth/login")
    public Response login(InputStream body) {
        return guarded(true, body, this::doLogin);
    }

    @POST
    @Path("api/v1/auth/refreshToken")
    public Response refreshToken(InputStream body) {
        return guarded(true, body, ignored -> doRefresh());
    }

    @GET
    @Path("api/v1/auth/check")
    public Response check() {
        return guarded(false, null, ignored -> doCheck());
    }

    @POST
    @Path("api/v1/account/logout")
    public Response logout(InputStream body) {
        return guarded(true, body, ignored -> doLogout());
    }

    /** CORS preflight: only Flowise's own origin (APP_URL) may call with credentials. */
    @OPTIONS
    @Path("{any: .*}")
    public Response preflight() {
        Response.ResponseBuilder r = Response.noContent().header("Cache-Control", "no-store");
        String origin = header("Origin");
        if (config.appOrigin().equals(origin)) {
            r.header("Access-Control-Allow-Origin", origin)
                    .header("Access-Control-Allow-Credentials", "true")
                    .header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                    .header("Access-Control-Allow-Headers", "Content-Type, x-request-from")
                    .header("Access-Control-Max-Age", "600")
                    .header("Vary", "Origin");
        }
        return r.build();
    }

    // --- the endpoints' work --------------------------------------------------------------------

    private Answer doLogin(JsonNode request) {
        String email = text(request, "email");
        String password = text(request, "password");
        if (email == null || password == null || email.isBlank() || password.isEmpty()) {
            return Answer.error(400, "email and password are required");
        }
        if (email.length() > 255 || password.length() > 1024) {
            return Answer.error(400, "email or password is too long");
        }
        RealmModel realm = session.getContext().getRealm();
        ClientModel client = realm.getClientByClientId(CLIENT_ID);
        if (client == null || !client.isEnabled()) {
            return Answer.error(503, "the realm has no enabled '" + CLIENT_ID + "' client for this API");
        }
        EventBuilder event = event(realm, EventType.LOGIN).client(client).detail(Details.USERNAME, email);
        PasswordCheck.Result result = new PasswordCheck(session, realm).check(email.trim(), password, event);
        switch (result.outcome()) {
            case SIGNED_IN:
                break;
            case INVALID_CREDENTIALS:
                return Answer.error(401, "Incorrect Email or Password");
            case DISABLED:
                return Answer.error(403, "This account is disabled. " + browserSignIn(realm));
            case REQUIRED_ACTIONS:
                return Answer.error(403, "This account has steps to complete first. " + browserSignIn(realm));
            default:
                return Answer.error(403, "This account uses a second factor. " + browserSignIn(realm));
        }
        UserModel user = result.user().orElseThrow();
        UserSessionModel userSession = new UserSessions(session, realm).start(user, client);
        event.session(userSession).success();
        TokenPair tokens = new TokenPair(config, realm, Time.currentTime());
        return Answer.ok(FlowiseUserView.json(user, config.defaultWorkspaceId()))
                .cookie(cookies().set(SetCookie.TOKEN, tokens.access(user, userSession)))
                .cookie(cookies().set(SetCookie.REFRESH_TOKEN, tokens.refresh(user, userSession)));
    }

    private Answer doRefresh() {
        RealmModel realm = session.getContext().getRealm();
        Optional<String> refresh = cookie(SetCookie.REFRESH_TOKEN);
        if (refresh.isEmpty()) {
            return Answer.error(401, "Unauthorized");
        }
        EventBuilder event = event(realm, EventType.REFRESH_TOKEN).client(CLIENT_ID);
        FlowiseJwt.Verified verified = FlowiseJwt.verify(refresh.get(), FlowiseJwt.Kind.REFRESH, config.audience(),
                config.issuer(), config.refreshSecret(), Time.currentTime());
        Optional<UserSessionModel> live = verified.claims().filter(this::metaNamesTheTokenUser)
                .flatMap(claims -> new UserSessions(session, realm).live(claims)
                        .filter(userSession -> FlowiseUserView.id(userSession.getUser()).equals(claims.id())));
        if (live.isEmpty()) {
            event.error(verified.claims().isPresent() ? Errors.SESSION_EXPIRED : Errors.INVALID_TOKEN);
            return Answer.error(401, "Refresh Token Expired");
        }
        UserSessionModel userSession = live.get();
        UserModel user = userSession.getUser();
        new UserSessions(session, realm).touch(userSession);
        event.user(user).session(userSession).success();
        String access = new TokenPair(config, realm, Time.currentTime()).access(user, userSession);
        return Answer.ok(FlowiseUserView.json(user, config.defaultWorkspaceId())).cookie(cookies().set(SetCookie.TOKEN, access));
    }

    private Answer doCheck() {
        RealmModel realm = session.getContext().getRealm();
        Optional<String> token = cookie(SetCookie.TOKEN);
        if (token.isEmpty()) {
            return Answer.error(401, "Invalid or Missing token");
        }
        FlowiseJwt.Verified verified = FlowiseJwt.verify(token.get(), FlowiseJwt.Kind.ACCESS, config.audience(),
                config.issuer(), config.accessSecret(), Time.currentTime());
        if (verified.rejection().filter(FlowiseJwt.Rejection.EXPIRED::equals).isPresent()) {
            // Exactly what Flowise's UI reacts to by calling refreshToken and retrying.
            return cookie(SetCookie.REFRESH_TOKEN).isPresent()
                    ? Answer.json(401, Map.of("message", "Token Expired", "retry", true))
                    : Answer.error(401, "Invalid or Missing token");
        }
        Optional<UserSessionModel> live = verified.claims().filter(this::metaNamesTheTokenUser)
                .flatMap(claims -> new UserSessions(session, realm).live(claims)
                        .filter(userSession -> FlowiseUserView.id(userSession.getUser()).equals(claims.id())));
        return live.map(userSession -> Answer.ok(FlowiseUserView.json(userSession.getUser(), config.defaultWorkspaceId())))
                .orElseGet(() -> Answer.error(401, "Invalid or Missing token"));
    }

    private Answer doLogout() {
        RealmModel realm = session.getContext().getRealm();
        long now = Time.currentTime();
        // An expired access token still names its session (its signature was checked).
        Optional<FlowiseJwt.Claims> claims = cookie(SetCookie.TOKEN)
                .map(t -> FlowiseJwt.verify(t, FlowiseJwt.Kind.ACCESS, config.audience(), config.issuer(), config.accessSecret(), now))
                .flatMap(v -> v.claims().or(v::expiredClaims))
                .or(() -> cookie(SetCookie.REFRESH_TOKEN)
                        .map(t -> FlowiseJwt.verify(t, FlowiseJwt.Kind.REFRESH, config.audience(), config.issuer(), config.refreshSecret(), now))
                        .flatMap(v -> v.claims().or(v::expiredClaims)));
        claims.map(c -> session.sessions().getUserSession(realm, c.sessionId()))
                .filter(userSession -> userSession.getUser() != null
                        && FlowiseUserView.id(userSession.getUser()).equals(claims.get().id()))
                .ifPresent(userSession -> {
                    EventBuilder event = event(realm, EventType.LOGOUT).client(CLIENT_ID).user(userSession.getUser()).session(userSession);
                    new UserSessions(session, realm).end(userSession);
                    event.success();
                });
        return Answer.json(200, Map.of("message", "logged_out", "redirectTo", "/login"))
                .cookie(cookies().clear(SetCookie.TOKEN))
                .cookie(cookies().clear(SetCookie.REFRESH_TOKEN));
    }

    /** Flowise's own rule: meta decrypts to exactly two parts, the first being the token's user id. */
    private boolean metaNamesTheTokenUser(FlowiseJwt.Claims claims) {
        return new MetaCipher(config.tokenHashSecret()).decrypt(claims.meta())
                .map(plain -> plain.split(":", -1))
                .filter(parts -> parts.length == 2 && parts[0].equals(claims.id()))
                .isPresent();
    }

    // --- the guard every endpoint passes --------------------------------------------------------

    private interface Work {
        Answer run(JsonNode body);
    }

    private Response guarded(boolean stateChanging, InputStream body, Work work) {
        RealmModel realm = session.getContext().getRealm();
        if (!"true".equals(realm.getAttribute(FlowiseRealmSettingsFactory.MANAGED_ATTRIBUTE))) {
            return finish(Answer.error(404, "Not Found"));
        }
        if (config.disabledReason().isPresent()) {
            return finish(Answer.error(503, "The Flowise cookie API is switched off: " + config.disabledReason().get()));
        }
        try {
            JsonNode json = null;
            if (stateChanging) {
                Optional<Answer> refused = refuseCrossSiteOrNonJson();
                if (refused.isPresent()) {
                    return finish(refused.get());
                }
                Object parsed = readJson(body);
                if (parsed instanceof Answer) {
                    return finish((Answer) parsed);
                }
                json = (JsonNode) parsed;
            }
            return finish(work.run(json));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Flowise cookie API: %s failed", session.getContext().getUri().getPath());
            return finish(Answer.error(500, "Internal Server Error"));
        }
    }

    /** Login CSRF: only JSON, and only from Keycloak's own origin or Flowise's (APP_URL). */
    private Optional<Answer> refuseCrossSiteOrNonJson() {
        String contentType = header(HttpHeaders.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).split(";")[0].trim()
                .equals(MediaType.APPLICATION_JSON)) {
            return Optional.of(Answer.error(415, "Content-Type must be application/json"));
        }
        String origin = header("Origin");
        if (origin != null && !origin.equals(config.appOrigin())
                && !origin.equals(CookieApiConfig.origin(session.getContext().getUri().getBaseUri()))) {
            return Optional.of(Answer.error(403, "Origin not allowed"));
        }
        return Optional.empty();
    }

    /** The body as a JSON object (empty body = {}), or the 4xx answer saying what is wrong with it. */
    private Object readJson(InputStream body) {
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : body.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            return Answer.error(400, "The request body could not be read");
        }
        if (bytes.length > MAX_BODY_BYTES) {
            return Answer.error(413, "The request body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                return Answer.error(400, "The request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            return Answer.error(400, "The request body is not valid JSON");
        }
    }

    private Response finish(Answer answer) {
        Response.ResponseBuilder r = Response.status(answer.status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache");
        try {
            r.entity(JSON.writeValueAsString(answer.body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        answer.cookies.forEach(c -> r.header("Set-Cookie", c));
        String origin = header("Origin");
        if (config.appOrigin().equals(origin)) {
            r.header("Access-Control-Allow-Origin", origin).header("Access-Control-Allow-Credentials", "true").header("Vary", "Origin");
        }
        return r.build();
    }

    // --- small helpers --------------------------------------------------------------------------

    private SetCookie cookies() {
        return new SetCookie(config.secureCookies());
    }

    private EventBuilder event(RealmModel realm, EventType type) {
        return new EventBuilder(realm, session, session.getContext().getConnection()).event(type)
                .detail(Details.AUTH_METHOD, UserSessions.AUTH_METHOD);
    }

    private String browserSignIn(RealmModel realm) {
        return "Please sign in through the browser at "
                + session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName()).path("account").build();
    }

    private String header(String name) {
        return session.getContext().getRequestHeaders().getHeaderString(name);
    }

    private Optional<String> cookie(String name) {
        Cookie cookie = session.getContext().getRequestHeaders().getCookies().get(name);
        return cookie == null || cookie.getValue() == null || cookie.getValue().isBlank()
                ? Optional.empty() : Optional.of(cookie.getValue());
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** What an endpoint answers: status, JSON body, cookies to set. */
    private static final class Answer {
        final int status;
        final Object body;
        final List<String> cookies = new ArrayList<>();

        private Answer(int status, Object body) {
            this.status = status;
            this.body = body;
        }

        static Answer ok(Object body) {
            return new Answer(200, body);
        }

        static Answer json(int status, Object body) {
            return new Answer(status, body);
        }

        /** Flowise's error shape, without its stack field. */
        static Answer error(int status, String message) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("statusCode", status);
            body.put("success", false);
            body.put("message", message);
            return new Answer(status, body);
        }

        Answer cookie(String setCookie) {
            cookies.add(setCookie);
            return this;
        }
    }
}
