package dev.push3.metrics.jmx;

import java.io.NotSerializableException;
import java.io.ObjectStreamException;
import java.rmi.UnmarshalException;
import java.util.Optional;

/**
 * Tells a value that cannot travel from the agent to this JVM from a broken connection.
 *
 * <p>Both end as an {@link UnmarshalException} from the RMI stub. A value is untransferable
 * when the cause is a {@link ClassNotFoundException} (its class is not known here, such as
 * WebLogic's or Tomcat's {@code SocketProperties}) or an {@link ObjectStreamException} (the
 * agent could not serialize it, such as {@code java.util.Optional}, which arrives as a
 * {@code WriteAbortedException} around a {@link NotSerializableException}). Anything else,
 * such as an {@code EOFException} while reading the answer's header, is the connection.
 */
final class Untransferable {
    private Untransferable() {
    }

    /**
     * Explains why a value could not be received, when that is what happened.
     *
     * @param e the stub's exception
     * @return one line saying which class is at fault; empty when the connection failed instead
     */
    static Optional<String> reason(UnmarshalException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ClassNotFoundException missing) {
                // RMI appends "(no security manager: RMI class loader disabled)": the name is the first word.
                String name = OneLine.of(missing.getMessage()).split(" ", 2)[0];
                return Optional.of("its value's class " + name + " is not known to this JVM");
            }
            if (cause instanceof NotSerializableException notSerializable) {
                return Optional.of("its value's class " + OneLine.of(notSerializable.getMessage())
                        + " is not serializable");
            }
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ObjectStreamException stream) {
                return Optional.of("its value cannot be deserialized: " + OneLine.of(stream));
            }
        }
        return Optional.empty();
    }
}
