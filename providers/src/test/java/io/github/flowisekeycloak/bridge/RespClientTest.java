package io.github.flowisekeycloak.bridge;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The protocol encoding alone; RedisSessionStoreIT runs the client against the real Redis. */
class RespClientTest {

    private static RespClient client(String replies, ByteArrayOutputStream sent) {
        return new RespClient(new ByteArrayInputStream(replies.getBytes(StandardCharsets.UTF_8)), sent);
    }

    @Test
    void commandsAreArraysOfBulkStringsCountedInBytes() throws Exception {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        assertThat(client("+OK\r\n", sent).command("SET", "sess:é", "{\"a\":1}")).isEqualTo("OK");
        assertThat(sent.toString(StandardCharsets.UTF_8)).isEqualTo("*3\r\n$3\r\nSET\r\n$7\r\nsess:é\r\n$7\r\n{\"a\":1}\r\n");
    }

    @Test
    void repliesOfEveryType() throws Exception {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        RespClient c = client(":42\r\n$5\r\nhello\r\n$-1\r\n*2\r\n$1\r\na\r\n:1\r\n*-1\r\n$0\r\n\r\n", sent);
        assertThat(c.command("X")).isEqualTo(42L);
        assertThat(c.command("X")).isEqualTo("hello");
        assertThat(c.command("X")).isNull();
        assertThat(c.command("X")).isEqualTo(List.of("a", 1L));
        assertThat(c.command("X")).isNull();
        assertThat(c.command("X")).isEqualTo("");
    }

    @Test
    void errorsAndTruncationAreExceptions() {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        assertThatThrownBy(() -> client("-WRONGPASS invalid username-password pair\r\n", sent).command("AUTH", "x"))
                .isInstanceOf(RespClient.RedisError.class).hasMessageContaining("WRONGPASS");
        assertThatThrownBy(() -> client("$10\r\nabc", sent).command("GET", "k")).isInstanceOf(java.io.EOFException.class);
        assertThatThrownBy(() -> client("", sent).command("PING")).isInstanceOf(java.io.EOFException.class);
        assertThatThrownBy(() -> client("?x\r\n", sent).command("PING")).hasMessageContaining("unexpected");
    }
}
