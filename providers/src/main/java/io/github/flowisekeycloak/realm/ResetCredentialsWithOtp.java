package io.github.flowisekeycloak.realm;

import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.RealmModel;

import java.util.Optional;

/**
 * A reset-credentials flow in which the emailed link alone cannot take over an account that has a
 * second factor: after the link, a user with a one-time-password device must enter a code before
 * the new password form. (Keycloak's stock flow only offers to reconfigure OTP, which the holder of
 * the mailbox can do.)
 *
 * <p>The flow is created once in a managed realm and bound as its reset flow then; an administrator
 * who later binds another flow keeps that choice. It lives here rather than in the realm file
 * because a realm file that lists some flows must list all of Keycloak's built-in ones too.
 */
final class ResetCredentialsWithOtp {

    static final String ALIAS = "flowise reset credentials";
    static final String OTP_SUBFLOW = "flowise reset - OTP if configured";

    private ResetCredentialsWithOtp() {
    }

    /** Creates and binds the flow if the realm has none by that alias; answers what it did. */
    static Optional<String> ensure(RealmModel realm) {
        if (realm.getFlowByAlias(ALIAS) != null) {
            return Optional.empty();
        }
        AuthenticationFlowModel flow = realm.addAuthenticationFlow(flow(ALIAS,
                "Reset password by email; a user with OTP must enter a code before choosing the new password", true));
        execution(realm, flow, "reset-credentials-choose-user", Requirement.REQUIRED, 10);
        execution(realm, flow, "reset-credential-email", Requirement.REQUIRED, 20);

        AuthenticationFlowModel otp = realm.addAuthenticationFlow(flow(OTP_SUBFLOW,
                "Asks for the one-time password of a user who has one", false));
        AuthenticationExecutionModel sub = new AuthenticationExecutionModel();
        sub.setParentFlow(flow.getId());
        sub.setFlowId(otp.getId());
        sub.setAuthenticatorFlow(true);
        sub.setRequirement(Requirement.CONDITIONAL);
        sub.setPriority(30);
        realm.addAuthenticatorExecution(sub);
        execution(realm, otp, "conditional-user-configured", Requirement.REQUIRED, 10);
        execution(realm, otp, "auth-otp-form", Requirement.REQUIRED, 20);

        execution(realm, flow, "reset-password", Requirement.REQUIRED, 40);

        String before = realm.getResetCredentialsFlow() == null ? "(none)" : realm.getResetCredentialsFlow().getAlias();
        realm.setResetCredentialsFlow(flow);
        return Optional.of("reset credentials flow: " + before + " -> " + ALIAS + " (OTP asked before a new password)");
    }

    private static AuthenticationFlowModel flow(String alias, String description, boolean topLevel) {
        AuthenticationFlowModel flow = new AuthenticationFlowModel();
        flow.setAlias(alias);
        flow.setDescription(description);
        flow.setProviderId("basic-flow");
        flow.setTopLevel(topLevel);
        flow.setBuiltIn(false);
        return flow;
    }

    private static void execution(RealmModel realm, AuthenticationFlowModel parent, String authenticator, Requirement requirement,
                                  int priority) {
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setParentFlow(parent.getId());
        execution.setAuthenticator(authenticator);
        execution.setAuthenticatorFlow(false);
        execution.setRequirement(requirement);
        execution.setPriority(priority);
        realm.addAuthenticatorExecution(execution);
    }
}
