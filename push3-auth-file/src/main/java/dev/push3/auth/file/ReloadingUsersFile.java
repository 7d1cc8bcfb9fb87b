package dev.push3.auth.file;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users file in force, kept up to date while the server runs.
 *
 * <p>Two triggers lead to the same check, which compares the file's {@link FileStamp} with
 * the one last seen and reads the file only when it differs:
 * <ul>
 * <li>a {@link WatchService} on the file's directory (not the file: replace-by-rename, as
 *     editors and configuration tools do it, gives the name a new inode that a watch on the
 *     old one would miss), so that changes apply even while nobody logs in;</li>
 * <li>every {@link #current()} call, that is every {@code LOGIN}: one {@code stat}, so the
 *     next {@code LOGIN} after a change sees it even before the watch event arrives, and
 *     even on file systems where watching does not work (NFS, some container mounts).</li>
 * </ul>
 * A new version that cannot be used, for whatever reason (missing, unreadable, no valid
 * user, too big for the heap), is logged and counted, and the last good version stays in
 * force; the watcher keeps watching.
 *
 * <p>Files are read on one platform thread of their own, never on a session's virtual
 * thread: reading a million lines takes seconds of CPU, which must not hold a carrier thread
 * that other sessions share. A {@code LOGIN} that sees a change parks until the read ends.
 */
final class ReloadingUsersFile implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingUsersFile.class);

    private final UsersFileLoader loader;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(
            task -> Thread.ofPlatform().daemon().name("push3-auth-file-reload").unstarted(task));
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong reloadFailures = new AtomicLong();
    private final WatchService watchService;
    private final Thread watcher;
    private volatile LoadedUsers current;
    private volatile FileStamp seen;

    private ReloadingUsersFile(UsersFileLoader loader, FileStamp stamp, LoadedUsers first) {
        this.loader = loader;
        this.seen = stamp;
        this.current = first;
        this.watchService = startWatching(loader.path());
        this.watcher = watchService == null ? null
                : Thread.ofPlatform().daemon().name("push3-auth-file-watch").start(this::watchLoop);
    }

    /**
     * Reads the file for the first time and starts watching it.
     *
     * @param loader reads and checks the file; not null
     * @return the live users file; never null
     * @throws UnusableUsersFileException when the file cannot be used
     */
    static ReloadingUsersFile open(UsersFileLoader loader) throws UnusableUsersFileException {
        FileStamp stamp = FileStamp.of(loader.path());
        return new ReloadingUsersFile(loader, stamp, loader.load());
    }

    /**
     * Returns the users in force, after putting a changed file in force.
     *
     * @return the users; never null
     */
    LoadedUsers current() {
        reloadIfChanged();
        return current;
    }

    /** Returns the users in force without looking at the file. */
    LoadedUsers inForce() {
        return current;
    }

    long reloads() {
        return reloads.get();
    }

    long reloadFailures() {
        return reloadFailures.get();
    }

    /**
     * Reads the file again, on the reading thread, if its stamp changed since it was last
     * seen; returns when that is done. Any thread.
     */
    void reloadIfChanged() {
        if (FileStamp.of(loader.path()).equals(seen)) {
            return;
        }
        try {
            reader.submit(this::reloadOnReaderThread).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RejectedExecutionException e) {
            // reload() catches what a read can throw; this is a closed reader or a bug: keep what is in force.
            LOG.debug("Reloading {} did not run", loader.path(), e);
        }
    }

    private void reloadOnReaderThread() {
        FileStamp now = FileStamp.of(loader.path());
        if (now.equals(seen)) {
            return;
        }
        reload();
        // Only now: a LOGIN that sees this stamp unchanged must also see the users it brought.
        seen = now;
    }

    private void reload() {
        try {
            LoadedUsers fresh = loader.load();
            current = fresh;
            reloads.incrementAndGet();
            LOG.info("Users file {} reloaded: {} user(s) now in force", loader.path(), fresh.size());
        } catch (UnusableUsersFileException | RuntimeException e) {
            reloadFailures.incrementAndGet();
            LOG.warn("Users file {} changed but was not reloaded; the last good version ({} user(s)) stays in force: {}",
                    loader.path(), current.size(), e instanceof UnusableUsersFileException ? e.getMessage() : e.toString());
        }
    }

    private static WatchService startWatching(Path file) {
        Path directory = file.toAbsolutePath().normalize().getParent();
        try {
            WatchService service = FileSystems.getDefault().newWatchService();
            directory.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            return service;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("Cannot watch {} for changes ({}); the users file is still re-read on the LOGIN after a change",
                    directory, e.toString());
            return null;
        }
    }

    private void watchLoop() {
        try {
            while (true) {
                WatchKey key = watchService.take();
                // Any event in the directory may be ours (a rename, a symbolic link swapped
                // as Kubernetes does); the stamp check decides.
                key.pollEvents();
                reloadIfChanged();
                if (!key.reset()) {
                    LOG.warn("Directory of {} is no longer watched (removed?); the file is still re-read on LOGIN",
                            loader.path());
                    return;
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // close() was called.
        } catch (RuntimeException e) {
            LOG.error("Watching {} failed; the file is still re-read on LOGIN", loader.path(), e);
        }
    }

    /** Stops watching and reading. */
    @Override
    public void close() {
        reader.shutdownNow();
        if (watchService == null) {
            return;
        }
        try {
            watchService.close();
            watcher.join(5_000);
        } catch (IOException e) {
            LOG.debug("Closing the watch service of {} failed", loader.path(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
