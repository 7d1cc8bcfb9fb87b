package dev.push3.auth.file;

import dev.push3.api.PluginConfig;
import dev.push3.api.auth.Authenticator;
import dev.push3.core.server.Backends;
import dev.push3.core.server.Push3Server;
import dev.push3.core.settings.ServerSettings;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The real Push3 server with the file authenticator, in a JVM of its own, for the tests and
 * load runs that need a heap of the shipped unit's size ({@link ChildServer} starts it).
 * Arguments are {@code key=value} settings as in {@code push3.properties}; {@code server.port}
 * defaults to 0 here. Prints {@code listening PORT} when ready and serves until killed.
 */
public final class UsersFileServer {
    private UsersFileServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> values = new HashMap<>(Map.of("server.port", "0"));
        for (String arg : args) {
            int equals = arg.indexOf('=');
            values.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        PluginConfig config = PluginConfig.of(values);
        Authenticator authenticator = new FileAuthenticatorProvider().create(config.only("auth.file."));
        try (authenticator; Push3Server server = Push3Server.start(ServerSettings.fromConfig(config),
                Backends.of(FileAuthenticatorProvider.NAME, authenticator))) {
            System.out.println("listening " + server.port());
            System.out.flush();
            server.awaitClose();
        }
    }
}
