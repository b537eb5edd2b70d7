package io.github.flowisekeycloak.testing;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives the test class a real Keycloak server (a {@link KeycloakServer} parameter) started with
 * these environment variables. Classes asking for the same environment share one server for the
 * whole test run; a new environment starts another.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KeycloakExtension.class)
public @interface WithKeycloak {

    /** {@code NAME=value} pairs added to the server's (otherwise clean) environment. */
    String[] env() default {};
}
