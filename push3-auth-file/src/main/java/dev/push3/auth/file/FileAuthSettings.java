package dev.push3.auth.file;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import dev.push3.passwords.scheme.Scheme;
import dev.push3.passwords.scheme.SchemePrefix;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of the file authenticator, read from the {@code auth.file.*} keys.
 *
 * @param path the users file ({@code auth.file.path}, default {@code users}); not null
 * @param defaultScheme the scheme of lines without a {@code {SCHEME}} prefix
 *     ({@code auth.file.default-scheme}, default {@code CRYPT} as in Dovecot; an encoding
 *     suffix such as {@code SHA512-CRYPT.B64} is allowed); not null
 * @param allowWeakSchemes whether hashes of weak kinds may log in
 *     ({@code auth.file.allow-weak-schemes}, default false, as Dovecot 2.4's {@code auth_allow_weak_schemes})
 * @param maxParallelHashes how many password checks may compute at once, which is also the
 *     number of hashing threads ({@code auth.file.max-parallel-hashes}, default the number of
 *     processors); at least 1
 * @param maxHashMemory how many bytes the password checks computing at once may allocate
 *     together, each holding what its scheme needs, 64 MiB for an ARGON2ID check
 *     ({@code auth.file.max-hash-memory}, default half the maximum heap); at least 1 MiB
 */
record FileAuthSettings(Path path, SchemePrefix defaultScheme, boolean allowWeakSchemes, int maxParallelHashes,
        long maxHashMemory) {
    /** The key of the users file's path. */
    static final String PATH = "auth.file.path";
    /** The key of the scheme for lines without a prefix. */
    static final String DEFAULT_SCHEME = "auth.file.default-scheme";
    /** The key that lets hashes of weak kinds log in. */
    static final String ALLOW_WEAK_SCHEMES = "auth.file.allow-weak-schemes";
    /** The key of the bound on concurrent password checks. */
    static final String MAX_PARALLEL_HASHES = "auth.file.max-parallel-hashes";
    /** The key of the bound on the memory of concurrent password checks. */
    static final String MAX_HASH_MEMORY = "auth.file.max-hash-memory";
    /** Every key {@link #fromConfig} reads, as the provider declares them. */
    static final Set<String> KEYS = Set.of(PATH, DEFAULT_SCHEME, ALLOW_WEAK_SCHEMES, MAX_PARALLEL_HASHES, MAX_HASH_MEMORY);
    /** The users file when {@value #PATH} is not set. */
    static final Path DEFAULT_PATH = Path.of("users");
    /** The scheme when {@value #DEFAULT_SCHEME} is not set. */
    static final SchemePrefix DEFAULT_DEFAULT_SCHEME = new SchemePrefix(Scheme.CRYPT, Optional.empty());
    private static final long MIB = 1024 * 1024;
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,13})\\s*([kmgt]?)(?:i?b)?");

    FileAuthSettings {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(defaultScheme, "defaultScheme");
        if (maxParallelHashes < 1) {
            throw new IllegalArgumentException("maxParallelHashes must be at least 1");
        }
        if (maxHashMemory < MIB) {
            throw new IllegalArgumentException("maxHashMemory must be at least 1 MiB");
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
        SchemePrefix scheme = config.get(DEFAULT_SCHEME)
                .map(name -> SchemePrefix.named(name).orElseThrow(() -> new ConfigException(DEFAULT_SCHEME,
                        "unknown password scheme '" + name + "'; use one of " + String.join(", ", Scheme.names())
                                + ", optionally with .B64, .BASE64 or .HEX")))
                .orElse(DEFAULT_DEFAULT_SCHEME);
        int parallel = config.integer(MAX_PARALLEL_HASHES, Runtime.getRuntime().availableProcessors(), 1, 4096);
        long memory = config.get(MAX_HASH_MEMORY).map(FileAuthSettings::bytes).orElseGet(FileAuthSettings::halfTheHeap);
        return new FileAuthSettings(config.path(PATH, DEFAULT_PATH), scheme, config.flag(ALLOW_WEAK_SCHEMES, false),
                parallel, memory);
    }

    /**
     * The default memory budget: half the heap leaves the other half to the users table (twice
     * it during a reload), sessions and the garbage a check leaves behind. With the shipped
     * unit's {@code -Xmx256m} that is two ARGON2ID checks at once, one per core of a small host.
     */
    private static long halfTheHeap() {
        return Math.max(MIB, Runtime.getRuntime().maxMemory() / 2);
    }

    /** Reads {@code 512m}, {@code 1g}, {@code 65536k}, {@code 64MiB} (binary units) or plain bytes. */
    private static long bytes(String raw) {
        Matcher m = SIZE.matcher(raw.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigException(MAX_HASH_MEMORY, "must be a size such as 256m, 1g or 65536k, was '" + raw + "'");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        long value = Long.parseLong(m.group(1));
        if (value > (Long.MAX_VALUE >> shift) || (value << shift) < MIB) {
            throw new ConfigException(MAX_HASH_MEMORY, "must be at least 1m, was '" + raw + "'");
        }
        return value << shift;
    }
}
