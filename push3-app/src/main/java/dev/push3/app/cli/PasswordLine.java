package dev.push3.app.cli;

import dev.push3.app.cli.PasswordPrompt.NoPasswordException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one password line from a stream: LF or CRLF ends it, the bytes must be strict UTF-8,
 * and every buffer that held the password is wiped before returning. Reads byte by byte so
 * that nothing after the line is consumed.
 */
final class PasswordLine {
    /** Longest line read; a longer one is refused rather than cut. */
    static final int MAX_BYTES = 4096;

    private PasswordLine() {
    }

    /**
     * Reads up to the end of the first line.
     *
     * @param in the stream; left open, positioned after the line
     * @return the line without its ending, possibly empty (also at end of input); the caller wipes it
     * @throws NoPasswordException when the line is longer than {@value #MAX_BYTES} bytes or not UTF-8
     */
    static char[] read(InputStream in) throws IOException, NoPasswordException {
        byte[] bytes = new byte[MAX_BYTES];
        int length = 0;
        try {
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                if (length == MAX_BYTES) {
                    throw new NoPasswordException("the password line is longer than " + MAX_BYTES + " bytes");
                }
                bytes[length++] = (byte) b;
            }
            if (length > 0 && bytes[length - 1] == '\r') {
                length--;
            }
            return decode(bytes, length);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static char[] decode(byte[] bytes, int length) throws NoPasswordException {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length));
            char[] password = new char[chars.remaining()];
            chars.get(password);
            Arrays.fill(chars.array(), '\0');
            return password;
        } catch (CharacterCodingException e) {
            throw new NoPasswordException("the password on standard input is not valid UTF-8");
        }
    }
}
