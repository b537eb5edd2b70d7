package io.github.flowisekeycloak.bridge;

import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** See {@link FlowiseBridgeEventListenerFactory}. */
final class FlowiseBridgeEventListener implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(FlowiseBridgeEventListener.class);
    private static final Pattern SESSION = Pattern.compile("sessions/([^/]+)");
    private static final Pattern USER_LOGOUT = Pattern.compile("users/([^/]+)/logout");
    private static final Pattern USER = Pattern.compile("users/([^/]+)");

    /** What ended. */
    private interface Ending {
        int apply(BridgedSessions sessions, RealmModel realm) throws Exception;
    }

    private final KeycloakSession session;
    private final KeycloakSessionFactory sessionFactory;
    private final BridgeConfig config;

    FlowiseBridgeEventListener(KeycloakSession session, KeycloakSessionFactory sessionFactory, BridgeConfig config) {
        this.session = session;
        this.sessionFactory = sessionFactory;
        this.config = config;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getType() == EventType.LOGOUT && event.getSessionId() != null && event.getRealmId() != null) {
            String sessionId = event.getSessionId();
            afterCommit(event.getRealmId(), "sign-out of session " + sessionId, (s, realm) -> s.endSession(realm, sessionId));
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        String path = event.getResourcePath();
        OperationType operation = event.getOperationType();
        if (path == null || operation == null || event.getRealmId() == null) {
            return;
        }
        Matcher m;
        if (operation == OperationType.DELETE && (m = SESSION.matcher(path)).matches()) {
            String sessionId = m.group(1);
            afterCommit(event.getRealmId(), "administrator ended session " + sessionId, (s, realm) -> s.endSession(realm, sessionId));
        } else if (operation == OperationType.ACTION && (m = USER_LOGOUT.matcher(path)).matches()) {
            String userId = m.group(1);
            afterCommit(event.getRealmId(), "administrator signed out user " + userId, (s, realm) -> s.endUser(realm, userId));
        } else if ((operation == OperationType.DELETE || operation == OperationType.UPDATE) && (m = USER.matcher(path)).matches()) {
            // Deleted, or perhaps disabled: only sessions that are no longer alive go.
            String userId = m.group(1);
            afterCommit(event.getRealmId(), "user " + userId + " " + operation.name().toLowerCase(java.util.Locale.ROOT) + "d",
                    (s, realm) -> s.endUser(realm, userId));
        } else if (operation == OperationType.ACTION && path.equals("logout-all")) {
            afterCommit(event.getRealmId(), "administrator signed out the realm", BridgedSessions::endRealm);
        }
    }

    private void afterCommit(String realmId, String what, Ending ending) {
        if (config.disabledReason().isPresent()) {
            return;
        }
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                try {
                    KeycloakModelUtils.runJobInTransaction(sessionFactory, s -> {
                        RealmModel realm = s.realms().getRealm(realmId);
                        if (realm == null) {
                            return;
                        }
                        s.getContext().setRealm(realm);
                        try {
                            int removed = ending.apply(new BridgedSessions(s, config), realm);
                            if (removed > 0) {
                                LOG.debugf("Flowise bridge: %s: %d Flowise session(s) removed", what, removed);
                            }
                        } catch (SessionStoreException e) {
                            LOG.warnf("Flowise bridge: %s: %s (the sweep will retry)", what, e.describe());
                        } catch (BridgeTarget.Unavailable e) {
                            LOG.debugf("Flowise bridge: %s: realm not bridged: %s", what, e.getMessage());
                        } catch (Exception e) {
                            LOG.warnf(e, "Flowise bridge: %s: removing Flowise sessions failed (the sweep will retry)", what);
                        }
                    });
                } catch (RuntimeException e) {
                    LOG.warnf(e, "Flowise bridge: %s: removing Flowise sessions failed (the sweep will retry)", what);
                }
            }

            @Override
            protected void rollbackImpl() {
                // Nothing ended.
            }
        });
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
