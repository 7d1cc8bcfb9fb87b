package dev.push3.example.auth.staticusers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.AuthenticatorProvider;
import dev.push3.api.auth.Credentials;
import java.math.BigDecimal;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The example plugin as the server sees it: found by ServiceLoader, configured, asked. */
class StaticAuthenticatorProviderTest {

    private static Authenticator create(String users) {
        return new StaticAuthenticatorProvider().create(PluginConfig.of(Map.of(StaticAuthenticatorProvider.USERS, users)));
    }

    @Test
    void serviceLoaderFindsItByName() {
        assertThat(ServiceLoader.load(AuthenticatorProvider.class).stream().map(p -> p.get().name()))
                .contains("static");
    }

    @Test
    void acceptsListedUsersWithTheirOwnPasswordOnly() {
        Authenticator authenticator = create("alice:pw, bob:pw2:with colon");
        assertThat(authenticator.authenticate(new Credentials("alice", "pw"))).isEqualTo(AuthOutcome.accepted("alice"));
        assertThat(authenticator.authenticate(new Credentials("bob", "pw2:with colon"))).isEqualTo(AuthOutcome.accepted("bob"));
        assertThat(authenticator.authenticate(new Credentials("alice", "pw2:with colon"))).isEqualTo(AuthOutcome.rejected());
        assertThat(authenticator.authenticate(new Credentials("alice", "p"))).isEqualTo(AuthOutcome.rejected());
        assertThat(authenticator.authenticate(new Credentials("carol", "pw"))).isEqualTo(AuthOutcome.rejected());
        assertThat(authenticator.metrics().asStringMap()).containsEntry("push3.auth.static.users", BigDecimal.valueOf(2));
    }

    @Test
    void anUnknownUserIsNotAcceptedWithTheDecoyText() {
        Authenticator authenticator = create("alice:pw");
        assertThat(authenticator.authenticate(new Credentials("nobody", "not a password: unknown users are compared with this")))
                .isEqualTo(AuthOutcome.rejected());
    }

    @Test
    void configurationErrorsNameTheKeyAndNeverThePassword() {
        assertThatThrownBy(() -> create(" , "))
                .isInstanceOf(ConfigException.class)
                .hasMessage("auth.static.users: no users; set it to user:password entries separated by commas, "
                        + "for example auth.static.users=alice:secret");
        assertThatThrownBy(() -> create("alice:pw,s3cretWithoutUser"))
                .hasMessage("auth.static.users: entry 2 is not user:password with both parts non-empty")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> create("alice:"))
                .hasMessage("auth.static.users: entry 1 is not user:password with both parts non-empty");
        assertThatThrownBy(() -> create("alice:one,alice:two"))
                .hasMessage("auth.static.users: user 'alice' is listed twice")
                .hasMessageNotContaining("two");
    }
}
