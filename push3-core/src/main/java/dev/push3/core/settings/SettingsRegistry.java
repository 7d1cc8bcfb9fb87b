package dev.push3.core.settings;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The named settings of a running server, and the one place that changes them.
 *
 * <p>Each key belongs to one {@link SettingGroup}, registered once at start-up: its parser
 * (the start-up validation itself, so a bad value gets the start-up message), whether each
 * key may change at run time, whether it is secret, and an apply callback. A change
 * ({@link #set}, {@link #reload}) is atomic: every group it touches parses the configuration
 * the change would leave; only if all succeed are the groups' values swapped and their
 * callbacks called. A group's value is an immutable record: a request reads it once
 * ({@link Supplier#get()} of what {@link #register} returns) and keeps it, so sessions in
 * progress keep theirs and new ones see the change.
 *
 * <p>Thread-safe: changes are serialised; reads never block.
 */
public final class SettingsRegistry {
    /** Shown instead of a secret's value, in replies and in the audit trail. */
    public static final String MASK = "***";

    private final Map<String, SettingKey> keys = new TreeMap<>();
    private final Map<String, Registered<?>> groupOf = new HashMap<>();
    /** The values set (file, flags, changes since); the rest show their defaults. Replaced whole. */
    private volatile Map<String, String> configured;
    private volatile Optional<Store> store = Optional.empty();

    /**
     * Where a change made at run time is written back: the configuration file the server was
     * started with.
     */
    @FunctionalInterface
    public interface Store {
        /**
         * Writes one key's new value; called after the change is in force, on the thread
         * that made it, under the registry's lock: a reload cannot read the file between the
         * change and its write-back, so the file and the running value never part.
         *
         * @param key the key
         * @param value its new value, unescaped
         * @throws IOException when it cannot be written; the change stays in force
         */
        void save(String key, String value) throws IOException;
    }

    /** A group and its value in force. */
    private static final class Registered<T> implements Supplier<T> {
        final SettingGroup<T> group;
        final AtomicReference<T> current;

        Registered(SettingGroup<T> group, T initial) {
            this.group = group;
            this.current = new AtomicReference<>(initial);
        }

        @Override
        public T get() {
            return current.get();
        }

        T parse(Map<String, String> values) {
            return group.parse().apply(PluginConfig.of(values));
        }

        @SuppressWarnings("unchecked")
        void apply(Object value) {
            current.set((T) value);
            group.apply().accept((T) value);
        }

        Map<String, String> show() {
            return group.show().apply(current.get());
        }
    }

    /**
     * One key's change.
     *
     * @param key the key
     * @param oldValue the effective value before (its default when it was not set)
     * @param newValue the effective value after
     * @param secret whether both must be masked wherever they are shown
     */
    public record Change(String key, String oldValue, String newValue, boolean secret) {
        /** @return the value before, or {@link #MASK} for a secret */
        public String shownOld() {
            return secret ? MASK : oldValue;
        }

        /** @return the value after, or {@link #MASK} for a secret */
        public String shownNew() {
            return secret ? MASK : newValue;
        }
    }

    /** What {@link #set} did. */
    public sealed interface Outcome {
        /**
         * @param change the key changed, with its old and new value
         * @param notSaved why the change was not written back, in printable ASCII; empty when it was
         */
        record Changed(Change change, Optional<String> notSaved) implements Outcome { }

        /** @param key the key asked for @param nearest the nearest known key, if one is near */
        record Unknown(String key, Optional<String> nearest) implements Outcome { }

        /** @param key a key that only a restart changes */
        record NeedsRestart(String key) implements Outcome { }

        /** @param error the start-up message for the value, naming the key */
        record Invalid(ConfigException error) implements Outcome { }
    }

    /** What {@link #reload} did. */
    public sealed interface Reload {
        /**
         * @param applied the changeable keys whose value changed, now in force
         * @param needRestart the keys whose new value waits for a restart
         */
        record Reloaded(List<Change> applied, List<String> needRestart) implements Reload {
            /** Copies the lists. */
            public Reloaded {
                applied = List.copyOf(applied);
                needRestart = List.copyOf(needRestart);
            }
        }

        /** @param error the first bad value; nothing was changed */
        record Refused(ConfigException error) implements Reload { }
    }

    /**
     * Starts with the values the server was started with.
     *
     * @param configured the keys set in the configuration file and by flags; not null
     */
    public SettingsRegistry(PluginConfig configured) {
        Map<String, String> values = new LinkedHashMap<>();
        configured.keys().forEach(key -> values.put(key, configured.get(key).orElse("")));
        this.configured = Collections.unmodifiableMap(values);
    }

    /**
     * Registers a group and parses its value from the configuration: at start-up, so a bad
     * value stops start-up with the group's message.
     *
     * @param group the keys, parser and callback; no key may be registered already
     * @param <T> the group's value
     * @return the value in force, to read once per request; never null
     * @throws ConfigException for a bad value
     * @throws IllegalArgumentException when a key is registered already
     */
    public synchronized <T> Supplier<T> register(SettingGroup<T> group) {
        for (SettingKey key : group.keys()) {
            if (keys.containsKey(key.name())) {
                throw new IllegalArgumentException("setting " + key.name() + " is registered already");
            }
        }
        Registered<T> registered = new Registered<>(group, group.parse().apply(PluginConfig.of(configured)));
        group.keys().forEach(key -> {
            keys.put(key.name(), key);
            groupOf.put(key.name(), registered);
        });
        return registered;
    }

    /**
     * Sets where changes are written back; without one, a change lives until the server stops.
     *
     * @param store the writer of the configuration file; not null
     */
    public void persistTo(Store store) {
        this.store = Optional.of(store);
    }

    /** Writes a key's value in force back to the store; under the lock, by {@link #set}. */
    private Optional<String> save(String name) {
        Optional<Store> target = store;
        if (target.isEmpty()) {
            return Optional.of("the server was started without a configuration file");
        }
        try {
            target.get().save(name, configured.getOrDefault(name, ""));
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof IOException && e.getMessage() != null ? e.getMessage() : e.toString();
            return Optional.of(reason.replaceAll("[^\\x20-\\x7e]|[()]", "?")); // the reason's ABNF: no parentheses
        }
    }

    /**
     * Returns a key's description.
     *
     * @param name the full key; not null
     * @return the key; empty when no group registered it
     */
    public Optional<SettingKey> key(String name) {
        synchronized (this) {
            return Optional.ofNullable(keys.get(name));
        }
    }

    /**
     * Returns every key's effective value, defaults included, secrets as {@link #MASK},
     * sorted by key.
     *
     * @return the values; never null
     */
    public synchronized SortedMap<String, String> shown() {
        SortedMap<String, String> shown = new TreeMap<>();
        keys.values().forEach(key -> shown.put(key.name(), key.secret() ? MASK : effective(key.name())));
        return shown;
    }

    /**
     * Returns the nearest registered key to a mistyped one.
     *
     * @param name the key asked for; not null
     * @return the nearest key, if one is near enough ({@link NearestKey})
     */
    public synchronized Optional<String> nearest(String name) {
        return NearestKey.of(name, keys.keySet());
    }

    /**
     * Changes one key, if it may change at run time and its value is valid, and writes it
     * back to the store ({@link #persistTo}) before the lock is released, so that a
     * {@link #reload} sees the file and the running value agree.
     *
     * @param name the full key; not null
     * @param value the new value, as in the configuration file; not null
     * @return what happened; never null
     */
    public synchronized Outcome set(String name, String value) {
        SettingKey key = keys.get(name);
        if (key == null) {
            return new Outcome.Unknown(name, nearest(name));
        }
        if (!key.changeable()) {
            return new Outcome.NeedsRestart(name);
        }
        Map<String, String> next = new LinkedHashMap<>(configured);
        next.put(name, value);
        String old = effective(name);
        try {
            swap(next, Set.of(groupOf.get(name)));
        } catch (ConfigException e) {
            return new Outcome.Invalid(e);
        } catch (NeedsRestartException e) {
            return new Outcome.NeedsRestart(name);
        }
        return new Outcome.Changed(new Change(name, old, effective(name), key.secret()), save(name));
    }

    /**
     * Takes a re-read configuration file: every key of it is validated first, and a bad one
     * refuses the whole file; then the keys that may change at run time and changed are
     * applied, and those that need a restart are reported. A registered key no longer in
     * the file goes back to its default.
     *
     * @param file the keys the file sets now (and the flags' values, which still win); not null
     * @return what was applied, or why nothing was; never null
     */
    public Reload reload(PluginConfig file) {
        return reload(() -> file);
    }

    /**
     * As {@link #reload(PluginConfig)}, reading the file under the registry's lock: reading and
     * applying are one step, so a {@code CONFIG} change and its write-back ({@link #set}) come
     * wholly before or wholly after, and a reload never puts back a value the file no longer
     * holds.
     *
     * @param read reads the file (and adds the flags' values); a {@link ConfigException} it
     *     throws refuses the reload; called once, on this thread, under the lock
     * @return what was applied, or why nothing was; never null
     */
    public synchronized Reload reload(Supplier<PluginConfig> read) {
        PluginConfig file;
        try {
            file = read.get();
        } catch (ConfigException e) {
            return new Reload.Refused(e);
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        file.keys().forEach(key -> wanted.put(key, file.get(key).orElse("")));
        Set<Registered<?>> all = new LinkedHashSet<>(groupOf.values());
        Set<String> waiting = new LinkedHashSet<>(); // changeable keys whose new values need a restart
        try {
            for (Registered<?> group : all) { // the whole file, restart keys included, or nothing
                parseKeeping(group, wanted, waiting);
            }
        } catch (ConfigException e) {
            return new Reload.Refused(e);
        }
        Map<String, String> next = new LinkedHashMap<>(configured);
        List<String> needRestart = new ArrayList<>();
        Set<Registered<?>> touched = new LinkedHashSet<>();
        for (SettingKey key : keys.values()) {
            if (Objects.equals(wanted.get(key.name()), configured.get(key.name()))) {
                continue;
            }
            if (!key.changeable()) {
                needRestart.add(key.name());
                continue;
            }
            if (wanted.containsKey(key.name())) {
                next.put(key.name(), wanted.get(key.name()));
            } else {
                next.remove(key.name());
            }
            touched.add(groupOf.get(key.name()));
        }
        needRestart.addAll(waiting);
        needRestart.sort(null);
        Map<String, String> before = new TreeMap<>();
        keys.keySet().forEach(name -> before.put(name, effective(name)));
        try {
            swap(next, touched);
        } catch (ConfigException e) {
            return new Reload.Refused(e); // the restart keys kept as running may not fit the new ones
        }
        List<Change> applied = new ArrayList<>();
        before.forEach((name, old) -> {
            String now = effective(name);
            if (!now.equals(old)) {
                applied.add(new Change(name, old, now, keys.get(name).secret()));
            }
        });
        return new Reload.Reloaded(applied, needRestart);
    }

    /**
     * Parses a group with a reloaded file's values; when the group says some of them need a
     * restart, puts the running values of those keys back into {@code wanted}, notes them in
     * {@code waiting}, and parses again, so the other keys can still apply.
     */
    private void parseKeeping(Registered<?> group, Map<String, String> wanted, Set<String> waiting) {
        for (int attempt = 0; ; attempt++) {
            try {
                group.parse(wanted);
                return;
            } catch (NeedsRestartException e) {
                if (attempt > 0 && waiting.containsAll(e.keys())) {
                    throw new IllegalStateException("setting group asks for a restart of values already kept: " + e.keys(), e);
                }
                for (String key : e.keys()) {
                    waiting.add(key);
                    if (configured.containsKey(key)) {
                        wanted.put(key, configured.get(key));
                    } else {
                        wanted.remove(key);
                    }
                }
            }
        }
    }

    /** Parses every touched group with the next values; only if all parse, swaps and applies. */
    private void swap(Map<String, String> next, Set<Registered<?>> touched) {
        Map<Registered<?>, Object> parsed = new LinkedHashMap<>();
        touched.forEach(group -> parsed.put(group, group.parse(next)));
        configured = Collections.unmodifiableMap(next);
        parsed.forEach(Registered::apply);
    }

    private String effective(String name) {
        String set = configured.get(name);
        return set != null ? set : groupOf.get(name).show().getOrDefault(name, "");
    }
}
