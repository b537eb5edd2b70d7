package io.github.flowisekeycloak.testing;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives the test class a two-node {@link KeycloakCluster} parameter. Every class so annotated shares
 * one cluster for the whole run (a cluster costs two server starts), started with
 * {@link KeycloakCluster#ENV}: the settings that must hold on every node (legacy pair, cookie-API
 * secrets, expiry on restart).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KeycloakExtension.class)
public @interface WithKeycloakCluster {
}
