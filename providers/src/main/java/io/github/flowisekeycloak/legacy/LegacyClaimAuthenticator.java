package io.github.flowisekeycloak.legacy;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PolicyError;
import org.keycloak.utils.EmailValidationUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * "Set up your admin account": the realm's registration flow while it has no owner. Step one
 * proves possession of Flowise's legacy {@code FLOWISE_USERNAME} / {@code FLOWISE_PASSWORD} (constant
 * time, realm-wide lockout, an event per attempt, never the password); step two collects the owner's
 * email, name and new password (realm policy) and creates the owner, signed in by the flow.
 *
 * <p>The legacy pair is never a user: it exists only in this step, so no other flow (login form,
 * password grant, admin console) can ever authenticate it, and there is nothing to clean up.
 */
final class LegacyClaimAuthenticator implements Authenticator {

    static final String VERIFIED_NOTE = "flowise.legacy-claim.verified";
    static final String DETAIL_STEP = "flowise_setup_step";
    static final String METHOD = "flowise-legacy-claim";
    static final String ERROR_ALREADY_CLAIMED = "flowise_owner_already_claimed";

    static final String LEGACY_TEMPLATE = "flowise-legacy-credentials.ftl";
    static final String OWNER_TEMPLATE = "flowise-owner-setup.ftl";
    static final String CLOSED_TEMPLATE = "flowise-setup-closed.ftl";

    private final Optional<LegacyCredentials> legacy;

    LegacyClaimAuthenticator(Optional<LegacyCredentials> legacy) {
        this.legacy = legacy;
    }

    @Override
    public void authenticate(AuthenticationFlowContext ctx) {
        Response closed = closedPage(ctx);
        if (closed != null) {
            ctx.challenge(closed);
        } else if (verified(ctx)) {
            ctx.challenge(ownerForm(ctx, null, List.of()));
        } else {
            ctx.challenge(ctx.form().createForm(LEGACY_TEMPLATE));
        }
    }

    @Override
    public void action(AuthenticationFlowContext ctx) {
        Response closed = closedPage(ctx);
        if (closed != null) {
            ctx.challenge(closed);
        } else if (verified(ctx)) {
            ownerStep(ctx);
        } else {
            legacyStep(ctx);
        }
    }

    /** The page explaining why there is nothing to set up, or null when the setup is open. */
    private Response closedPage(AuthenticationFlowContext ctx) {
        if (OwnerClaim.hasOwner(ctx.getSession(), ctx.getRealm())) {
            return ctx.form().setAttribute("reason", "claimed").createForm(CLOSED_TEMPLATE);
        }
        if (legacy.isEmpty()) {
            return ctx.form().setAttribute("reason", "unconfigured").createForm(CLOSED_TEMPLATE);
        }
        return null;
    }

    private static boolean verified(AuthenticationFlowContext ctx) {
        return "true".equals(ctx.getAuthenticationSession().getAuthNote(VERIFIED_NOTE));
    }

    private void legacyStep(AuthenticationFlowContext ctx) {
        MultivaluedMap<String, String> form = ctx.getHttpRequest().getDecodedFormParameters();
        ClaimAttempts attempts = new ClaimAttempts(ctx.getSession().getProvider(SingleUseObjectProvider.class),
                ctx.getRealm().getId(), LegacyClaimConfig.of(ctx.getAuthenticatorConfig()));
        if (!attempts.tryAcquire()) {
            attemptEvent(ctx).error(Errors.USER_TEMPORARILY_DISABLED);
            ctx.failureChallenge(AuthenticationFlowError.USER_TEMPORARILY_DISABLED,
                    ctx.form().setError("flowiseLegacyLocked").createForm(LEGACY_TEMPLATE));
            return;
        }
        if (legacy.orElseThrow().matches(form.getFirst("username"), form.getFirst("password"))) {
            attempts.reset();
            attemptEvent(ctx).event(EventType.CUSTOM_REQUIRED_ACTION).detail(Details.CUSTOM_REQUIRED_ACTION, METHOD).success();
            ctx.getAuthenticationSession().setAuthNote(VERIFIED_NOTE, "true");
            ctx.challenge(ownerForm(ctx, null, List.of()));
            return;
        }
        attemptEvent(ctx).error(Errors.INVALID_USER_CREDENTIALS);
        ctx.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS,
                ctx.form().setError(attempts.locked() ? "flowiseLegacyLocked" : "flowiseLegacyInvalid").createForm(LEGACY_TEMPLATE));
    }

    /** One event per legacy-pair attempt; the submitted values are never part of it. */
    private static org.keycloak.events.EventBuilder attemptEvent(AuthenticationFlowContext ctx) {
        return ctx.getEvent().clone().event(EventType.LOGIN_ERROR).detail(DETAIL_STEP, "legacy-credentials");
    }

    private void ownerStep(AuthenticationFlowContext ctx) {
        MultivaluedMap<String, String> form = ctx.getHttpRequest().getDecodedFormParameters();
        String email = trimmed(form.getFirst("email")).toLowerCase(java.util.Locale.ROOT);
        OwnerName name = OwnerName.split(form.getFirst("name"));
        String password = form.getFirst("password") == null ? "" : form.getFirst("password");
        String confirm = form.getFirst("password-confirm") == null ? "" : form.getFirst("password-confirm");

        List<FormMessage> errors = new ArrayList<>();
        if (!EmailValidationUtil.isValidEmail(email)) {
            errors.add(new FormMessage("email", "invalidEmailMessage"));
        }
        if (name.isEmpty()) {
            errors.add(new FormMessage("name", "flowiseNameMissing"));
        }
        if (password.isEmpty()) {
            errors.add(new FormMessage("password", "missingPasswordMessage"));
        } else if (!password.equals(confirm)) {
            errors.add(new FormMessage("password-confirm", "invalidPasswordConfirmMessage"));
        } else {
            PolicyError policy = ctx.getSession().getProvider(PasswordPolicyManagerProvider.class)
                    .validate(email, password);
            if (policy != null) {
                errors.add(new FormMessage("password", policy.getMessage(), policy.getParameters()));
            }
        }
        if (!errors.isEmpty()) {
            ctx.getEvent().clone().event(EventType.REGISTER_ERROR).detail(DETAIL_STEP, "owner-details")
                    .detail(Details.REGISTER_METHOD, METHOD).error(Errors.INVALID_REGISTRATION);
            ctx.challenge(ownerForm(ctx, form, errors));
            return;
        }

        OwnerClaim.Result result = OwnerClaim.claim(ctx.getSession().getKeycloakSessionFactory(), ctx.getRealm().getId(),
                new OwnerClaim.NewOwner(email, name, password));
        switch (result.outcome()) {
            case CLAIMED -> {
                UserModel owner = ctx.getSession().users().getUserById(ctx.getRealm(), result.userId());
                ctx.getAuthenticationSession().removeAuthNote(VERIFIED_NOTE);
                // The owner's creation is its own REGISTER event; the flow then ends with Keycloak's LOGIN event.
                ctx.getEvent().clone().event(EventType.REGISTER).user(owner).detail(Details.REGISTER_METHOD, METHOD)
                        .detail(Details.EMAIL, email).detail(Details.USERNAME, owner.getUsername()).success();
                ctx.getEvent().user(owner);
                ctx.setUser(owner);
                ctx.success();
            }
            case EMAIL_IN_USE -> {
                ctx.getEvent().clone().event(EventType.REGISTER_ERROR).detail(Details.REGISTER_METHOD, METHOD)
                        .error(Errors.EMAIL_IN_USE);
                ctx.challenge(ownerForm(ctx, form, List.of(new FormMessage("email", "emailExistsMessage"))));
            }
            case ALREADY_CLAIMED -> {
                ctx.getEvent().clone().event(EventType.REGISTER_ERROR).detail(Details.REGISTER_METHOD, METHOD)
                        .error(ERROR_ALREADY_CLAIMED);
                ctx.getAuthenticationSession().removeAuthNote(VERIFIED_NOTE);
                ctx.challenge(ctx.form().setAttribute("reason", "claimed").setError("flowiseAlreadyClaimed")
                        .createForm(CLOSED_TEMPLATE));
            }
        }
    }

    /** The owner form; what was typed is shown again except the passwords, which never go back to the page. */
    private static Response ownerForm(AuthenticationFlowContext ctx, MultivaluedMap<String, String> submitted, List<FormMessage> errors) {
        var page = ctx.form()
                .setAttribute("ownerEmail", submitted == null ? "" : trimmed(submitted.getFirst("email")))
                .setAttribute("ownerName", submitted == null ? "" : trimmed(submitted.getFirst("name")));
        if (!errors.isEmpty()) {
            page.setErrors(errors);
        }
        return page.createForm(OWNER_TEMPLATE);
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.strip();
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // None: the owner is complete when created.
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
