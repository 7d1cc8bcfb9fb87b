/**
 * The POP3 authenticator. Not exported: the server reaches it only through
 * {@link dev.push3.auth.pop3.Pop3AuthenticatorProvider}, found by {@link java.util.ServiceLoader}.
 *
 * <p><b>Why a POP3 client of our own.</b> The check is a few commands, but each decision in
 * it is the point of this module, and the libraries at hand (Jakarta Mail's POP3 provider,
 * Apache Commons Net's {@code POP3Client}) decide them differently or not at all:
 * <ul>
 * <li>the outcome depends on RFC 2449/3206 response codes: {@code [IN-USE]} after the
 *     password means accepted, {@code [SYS/TEMP]} means unavailable; Jakarta Mail folds every
 *     refused login into one {@code AuthenticationFailedException};</li>
 * <li>a whole reply must arrive within the read timeout, and those libraries bound each
 *     socket read, so a server that sends a byte at a time holds a LOGIN indefinitely;</li>
 * <li>after the credentials went out, no server text may reach a log or an exception
 *     message (it may echo the password), and a hang-up must count as a failed login;</li>
 * <li>the command order is ours: {@code XCLIENT} before the credentials, the APOP fallback
 *     on the same connection, no password before the clear-text check;</li>
 * <li>the plugin stays a small drop-in jar that needs only {@code dev.push3.api} and SLF4J.</li>
 * </ul>
 * The client is {@link dev.push3.auth.pop3.Pop3Dialog} (the dialog and its decisions) over
 * {@link dev.push3.auth.pop3.Pop3Connection} (lines, deadlines, TLS).
 */
package dev.push3.auth.pop3;
