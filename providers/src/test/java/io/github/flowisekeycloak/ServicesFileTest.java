package io.github.flowisekeycloak;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every hand-kept META-INF/services entry names a class that exists and can be instantiated. */
class ServicesFileTest {

    @Test
    void everyServiceEntryLoads() throws Exception {
        Path services = Path.of("src/main/resources/META-INF/services");
        List<String> checked = new ArrayList<>();
        try (Stream<Path> files = Files.list(services)) {
            for (Path file : files.toList()) {
                Class<?> spi = Class.forName(file.getFileName().toString());
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String name = line.strip();
                    if (name.isEmpty() || name.startsWith("#")) {
                        continue;
                    }
                    Class<?> impl = Class.forName(name);
                    assertThat(spi).isAssignableFrom(impl);
                    assertThat(impl.getDeclaredConstructor().newInstance()).isNotNull();
                    checked.add(name);
                }
            }
        }
        assertThat(checked).isNotEmpty();
    }
}
