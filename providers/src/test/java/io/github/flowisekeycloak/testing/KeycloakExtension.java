package io.github.flowisekeycloak.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Map;
import java.util.TreeMap;

/**
 * Resolves {@link KeycloakServer} parameters. Servers live in the root store, keyed by their
 * {@link ServerSpec}, so every test class with the same environment reuses one process, and all of
 * them are stopped (and their databases dropped) when the test run ends.
 */
public final class KeycloakExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeycloakExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KeycloakServer.class || type == KeycloakCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == KeycloakCluster.class) {
            ServerSpec spec = ServerSpec.standard().withEnv(KeycloakCluster.ENV);
            return context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent("cluster " + spec, key -> KeycloakCluster.start(spec, 2), KeycloakCluster.class);
        }
        ServerSpec spec = specFor(context);
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(spec, key -> KeycloakServer.start(spec), KeycloakServer.class);
    }

    private static ServerSpec specFor(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        while (testClass.getEnclosingClass() != null && !testClass.isAnnotationPresent(WithKeycloak.class)) {
            testClass = testClass.getEnclosingClass();
        }
        WithKeycloak annotation = testClass.getAnnotation(WithKeycloak.class);
        Map<String, String> env = new TreeMap<>();
        if (annotation != null) {
            for (String pair : annotation.env()) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new ParameterResolutionException("@WithKeycloak env entry must be NAME=value: " + pair);
                }
                env.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return ServerSpec.standard().withEnv(env);
    }
}
