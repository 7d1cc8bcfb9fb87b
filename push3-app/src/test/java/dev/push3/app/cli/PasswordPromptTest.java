package dev.push3.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.app.cli.PasswordPrompt.NoPasswordException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * {@link PasswordPrompt} on streams. A test JVM has no console, so asking takes the path for
 * a terminal without one (prompts on the given stream, {@code stty} failing harmlessly on
 * the pipe that is standard input here).
 */
class PasswordPromptTest {
    private final ByteArrayOutputStream prompts = new ByteArrayOutputStream();

    private PasswordPrompt on(byte[] input) {
        return new PasswordPrompt(new ByteArrayInputStream(input), new PrintStream(prompts, true, StandardCharsets.UTF_8));
    }

    private PasswordPrompt on(String input) {
        return on(input.getBytes(StandardCharsets.UTF_8));
    }

    private String prompted() {
        return prompts.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aPipedLineEndsAtLfOrCrlfAndLeavesTheRestUnread() throws Exception {
        InputStream in = new ByteArrayInputStream("pässwörd with spaces\r\nnext\n".getBytes(StandardCharsets.UTF_8));
        assertThat(new PasswordPrompt(in, System.err).readPiped()).containsExactly("pässwörd with spaces".toCharArray());
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("next\n");
        assertThat(on("last line without LF").readPiped()).containsExactly("last line without LF".toCharArray());
    }

    @Test
    void aPipedLineIsRefusedWhenEmptyTooLongOrNotUtf8WithoutShowingIt() throws Exception {
        assertThat(on("x".repeat(PasswordLine.MAX_BYTES) + "\n").readPiped()).hasSize(PasswordLine.MAX_BYTES);
        String none = "no password given (expected it on the first line of standard input)";
        assertRefused(() -> on("").readPiped(), none);
        assertRefused(() -> on("\r\nsecret\n").readPiped(), none);
        assertRefused(() -> on("y".repeat(PasswordLine.MAX_BYTES + 1)).readPiped(),
                "the password line is longer than 4096 bytes");
        assertRefused(() -> on(new byte[] {'s', (byte) 0xC3, 'x', '\n'}).readPiped(),
                "the password on standard input is not valid UTF-8");
    }

    @Test
    void askingTwiceReturnsThePasswordWhenBothEntriesMatch() throws Exception {
        assertThat(on("s3cret pass\ns3cret pass\n").askTwice("Password for alice: "))
                .containsExactly("s3cret pass".toCharArray());
        // Enter is not echoed, so each prompt is followed by the line break the user did not see.
        assertThat(prompted()).isEqualTo("Password for alice: " + System.lineSeparator()
                + "Retype password: " + System.lineSeparator());
    }

    @Test
    void askingTwiceRefusesDifferentOrMissingEntries() {
        assertRefused(() -> on("s3cret\nsecret\n").askTwice("Password: "), "the two passwords differ; nothing was printed");
        assertRefused(() -> on("s3cret\n").askTwice("Password: "), "the two passwords differ; nothing was printed");
        assertRefused(() -> on("\ns3cret\ns3cret\n").askTwice("Password: "), "no password entered");
    }

    @Test
    void anEmptyFirstEntryIsNotAskedAgain() {
        assertRefused(() -> on("\n").askTwice("Password: "), "no password entered");
        assertThat(prompted()).doesNotContain("Retype");
    }

    @Test
    void askingOnceReadsOneLine() throws Exception {
        PasswordPrompt prompt = on("first\nsecond\n");
        assertThat(prompt.askOnce("Password: ")).containsExactly("first".toCharArray());
        assertThat(prompt.askOnce("Password: ")).containsExactly("second".toCharArray());
        assertRefused(() -> prompt.askOnce("Password: "), "no password entered");
    }

    private static void assertRefused(ThrowingCallable read, String reason) {
        assertThatThrownBy(read).isInstanceOf(NoPasswordException.class).hasMessage(reason);
    }
}
