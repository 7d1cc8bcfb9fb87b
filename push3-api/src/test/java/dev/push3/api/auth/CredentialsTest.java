package dev.push3.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CredentialsTest {
    @Test
    void toStringHidesThePassword() {
        Credentials credentials = new Credentials("alice", "hunter2 with spaces");
        assertThat(credentials.toString()).contains("alice").doesNotContain("hunter2");
    }
}
