package dev.push3.app.plugins;

import dev.push3.api.ProviderName;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Version;
import java.util.Optional;

/**
 * Which {@code push3-api} a plugin was compiled against, and whether this server can run it.
 *
 * <p>javac records the version of every module a module requires in its descriptor
 * ({@link ModuleDescriptor.Requires#compiledVersion()}), so a plugin built against another
 * API is refused with a message at discovery instead of failing later with a
 * {@link LinkageError}. The rule is semantic versioning's: a plugin runs on an API with the
 * same major version that is not older than the one it was compiled against; while the
 * major version is 0, the minor version must match as well.
 */
final class ApiCompatibility {
    private static final String API_MODULE = ProviderName.class.getModule().getName();

    private ApiCompatibility() {
    }

    /**
     * Returns the API version a provider's module was compiled against.
     *
     * @param type the provider class
     * @return the version; empty for a class-path plugin or a module compiled without versions
     */
    static Optional<Version> compiledAgainst(Class<?> type) {
        ModuleDescriptor descriptor = type.getModule().getDescriptor();
        if (descriptor == null) {
            return Optional.empty();
        }
        return descriptor.requires().stream()
                .filter(requires -> requires.name().equals(API_MODULE))
                .findFirst()
                .flatMap(ModuleDescriptor.Requires::compiledVersion);
    }

    /**
     * Tells why a plugin compiled against {@code compiled} cannot run on this server's API.
     *
     * @param compiled the version the plugin was compiled against
     * @return the reason; empty when compatible, or when this server's API has no version
     */
    static Optional<String> problem(Version compiled) {
        return running().flatMap(running -> problem(compiled, running));
    }

    static Optional<String> problem(Version compiled, Version running) {
        int[] plugin = majorMinor(compiled);
        int[] server = majorMinor(running);
        boolean sameLine = plugin[0] == server[0] && (server[0] != 0 || plugin[1] == server[1]);
        boolean notNewer = release(compiled).compareTo(release(running)) <= 0;
        if (sameLine && notNewer) {
            return Optional.empty();
        }
        return Optional.of("compiled against push3-api " + compiled + ", but this server has push3-api " + running
                + "; use a build of the plugin for push3-api " + running);
    }

    private static Optional<Version> running() {
        return Optional.ofNullable(ProviderName.class.getModule().getDescriptor()).flatMap(ModuleDescriptor::version);
    }

    /** The version without its pre-release part: a 0.2.0-SNAPSHOT plugin runs on 0.2.0. */
    private static Version release(Version version) {
        String text = version.toString();
        int dash = text.indexOf('-');
        return dash < 0 ? version : Version.parse(text.substring(0, dash));
    }

    private static int[] majorMinor(Version version) {
        String[] parts = release(version).toString().split("\\.");
        return new int[] {number(parts, 0), number(parts, 1)};
    }

    private static int number(String[] parts, int index) {
        if (index >= parts.length) {
            return 0;
        }
        try {
            return Integer.parseInt(parts[index]);
        } catch (NumberFormatException e) {
            return -1; // not a semantic version: matches nothing but itself
        }
    }
}
