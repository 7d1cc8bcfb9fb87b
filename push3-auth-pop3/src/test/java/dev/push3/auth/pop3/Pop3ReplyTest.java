package dev.push3.auth.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Pop3ReplyTest {

    @Test
    void readsTheThreeKindsOfStatusLine() throws Exception {
        assertThat(Pop3Reply.parse("+OK Logged in.")).isEqualTo(new Pop3Reply.Ok("Logged in."));
        assertThat(Pop3Reply.parse("+OK")).isEqualTo(new Pop3Reply.Ok(""));
        assertThat(Pop3Reply.parse("-ERR [AUTH] Authentication failed.")).isEqualTo(
                new Pop3Reply.Err("[AUTH] Authentication failed."));
        assertThat(Pop3Reply.parse("+ ")).isEqualTo(new Pop3Reply.Continuation(""));
    }

    @Test
    void findsTheResponseCode() throws Exception {
        assertThat(((Pop3Reply.Err) Pop3Reply.parse("-ERR [sys/temp] later")).responseCode()).contains("SYS/TEMP");
        assertThat(((Pop3Reply.Err) Pop3Reply.parse("-ERR no [AUTH] here")).responseCode()).isEmpty();
    }

    @Test
    void refusesWhatIsNoReply() {
        assertThatThrownBy(() -> Pop3Reply.parse("+OKAY")).hasMessage("not a POP3 reply")
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.type(Pop3ProtocolException.class))
                .extracting(Pop3ProtocolException::serverText).isEqualTo(java.util.Optional.of("+OKAY"));
        assertThatThrownBy(() -> Pop3Reply.parse("")).hasMessage("not a POP3 reply");
    }
}
