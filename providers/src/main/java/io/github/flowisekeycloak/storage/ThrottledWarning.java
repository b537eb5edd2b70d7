package io.github.flowisekeycloak.storage;

import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs "Flowise's database is unreachable" once per interval and component, with the cause's
 * message and no stack trace, so an outage does not flood the log with one trace per login.
 */
final class ThrottledWarning {

    static final long INTERVAL_MILLIS = 60_000;
    private static final Logger LOG = Logger.getLogger(ThrottledWarning.class);

    private final Map<String, Long> lastWarned = new ConcurrentHashMap<>();

    void warn(String componentName, String componentId, String what, Throwable cause) {
        long now = System.currentTimeMillis();
        Long before = lastWarned.get(componentId);
        if (before == null || now - before >= INTERVAL_MILLIS) {
            lastWarned.put(componentId, now);
            LOG.warnf("Flowise user storage '%s': %s failed: %s (Keycloak's own users are unaffected; "
                    + "repeats are logged at DEBUG for %d s)", componentName, what, describe(cause), INTERVAL_MILLIS / 1000);
        } else {
            LOG.debugf("Flowise user storage '%s': %s failed again: %s", componentName, what, describe(cause));
        }
    }

    void recovered(String componentId) {
        lastWarned.remove(componentId);
    }

    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        Throwable t = e;
        for (int depth = 0; t != null && depth < 4; depth++, t = t.getCause()) {
            if (depth > 0) {
                sb.append("; caused by ");
            }
            sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString();
    }
}
