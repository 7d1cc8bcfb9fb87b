package dev.push3.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestParserTest {

    @Test
    void loginTakesTheRestOfTheLineAsPassword() {
        assertThat(RequestParser.parse("LOGIN alice  two  spaces "))
                .isEqualTo(new Request.Login("alice", " two  spaces "));
    }

    @Test
    void loginNeverShowsThePassword() {
        assertThat(RequestParser.parse("LOGIN alice hunter2").toString()).doesNotContain("hunter2");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "METRICS|Metrics[]",
        "metrics|Metrics[]",
        "FINISH|Finish[command=FINISH]",
        "Quit|Finish[command=QUIT]",
        "CAPA|Capa[]",
        "STAT|Unknown[command=STAT]",
        "LOGIN|Malformed[reason=LOGIN needs 2 arguments: LOGIN user password]",
        "LOGIN a|Malformed[reason=LOGIN needs 2 arguments: LOGIN user password]",
        "'LOGIN a '|Malformed[reason=LOGIN needs 2 arguments: LOGIN user password]",
        "LOGIN  a b|Malformed[reason=LOGIN needs 2 arguments: LOGIN user password]",
        "'METRICS '|Malformed[reason=METRICS takes no arguments]",
        "QUIT now|Malformed[reason=QUIT takes no arguments]",
        "LOG1N a b|Malformed[reason=invalid characters in command name]",
        "ABCDEFGHIJKLMNOPQRSTU|Malformed[reason=command name longer than 20 letters]",
    })
    void parses(String line, String expected) {
        assertThat(RequestParser.parse(line).toString()).isEqualTo(expected);
    }

    @Test
    void emptyAndLeadingSpace() {
        assertThat(RequestParser.parse("")).isEqualTo(new Request.Malformed("empty request"));
        assertThat(RequestParser.parse(" CAPA")).isEqualTo(new Request.Malformed("request must start with a command"));
    }

    @Test
    void controlAndNonAsciiInArgumentsAreRefused() {
        assertThat(RequestParser.parse("LOGIN alice pa\tss")).isEqualTo(new Request.Malformed("invalid characters in arguments"));
        assertThat(RequestParser.parse("LOGIN al\u00efce pass")).isEqualTo(new Request.Malformed("invalid characters in arguments"));
    }

    @Test
    void loginPasswordMayBeUtf8ButNotControlCharactersOrBrokenUtf8() {
        assertThat(RequestParser.parse(octets("LOGIN alice p\u00e4ss w\u00f6rd \u2603")))
                .isEqualTo(new Request.Login("alice", "p\u00e4ss w\u00f6rd \u2603"));
        assertThat(RequestParser.parse("LOGIN alice p\u00e4ss")).as("a lone Latin-1 octet is not UTF-8")
                .isEqualTo(new Request.Malformed("invalid characters in arguments"));
        assertThat(RequestParser.parse(octets("LOGIN alice pa\u0085ss")))
                .isEqualTo(new Request.Malformed("invalid characters in arguments"));
        assertThat(RequestParser.parse(octets("METRICS \u00e4"))).isEqualTo(new Request.Malformed("invalid characters in arguments"));
    }

    /** The line as the reader hands it over: one char per octet of the UTF-8 encoding. */
    private static String octets(String text) {
        return new String(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
