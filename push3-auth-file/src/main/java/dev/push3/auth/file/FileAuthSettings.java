package dev.push3.auth.file;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import dev.push3.auth.file.scheme.Scheme;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The settings of the file authenticator, read from the {@code auth.file.*} keys.
 *
 * @param path the users file ({@code auth.file.path}, default {@code users}); not null
 * @param defaultScheme the scheme of lines without a {@code {SCHEME}} prefix
 *     ({@code auth.file.default-scheme}, default {@code CRYPT} as in Dovecot); not null
 * @param maxParallelHashes how many password checks may compute at once
 *     ({@code auth.file.max-parallel-hashes}, default the number of processors); at least 1
 */
record FileAuthSettings(Path path, Scheme defaultScheme, int maxParallelHashes) {
    /** The key of the users file's path. */
    static final String PATH = "auth.file.path";
    /** The key of the scheme for lines without a prefix. */
    static final String DEFAULT_SCHEME = "auth.file.default-scheme";
    /** The key of the bound on concurrent password checks. */
    static final String MAX_PARALLEL_HASHES = "auth.file.max-parallel-hashes";
    /** The users file when {@value #PATH} is not set. */
    static final Path DEFAULT_PATH = Path.of("users");
    /** The scheme when {@value #DEFAULT_SCHEME} is not set. */
    static final Scheme DEFAULT_DEFAULT_SCHEME = Scheme.CRYPT;

    FileAuthSettings {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(defaultScheme, "defaultScheme");
        if (maxParallelHashes < 1) {
            throw new IllegalArgumentException("maxParallelHashes must be at least 1");
        }
    }

    /**
     * Reads the settings.
     *
     * @param config the configuration; not null
     * @return the settings; never null
     * @throws ConfigException when a value cannot be used
     */
    static FileAuthSettings from(PluginConfig config) {
        Scheme scheme = config.get(DEFAULT_SCHEME)
                .map(name -> Scheme.named(name).orElseThrow(() -> new ConfigException(DEFAULT_SCHEME,
                        "unknown password scheme '" + name + "'; use one of " + String.join(", ", Scheme.names()))))
                .orElse(DEFAULT_DEFAULT_SCHEME);
        int parallel = config.integer(MAX_PARALLEL_HASHES, Runtime.getRuntime().availableProcessors(), 1, 4096);
        return new FileAuthSettings(config.path(PATH, DEFAULT_PATH), scheme, parallel);
    }
}
