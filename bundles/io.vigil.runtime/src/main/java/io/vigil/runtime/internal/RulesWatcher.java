package io.vigil.runtime.internal;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the rules files and directories (or a configuration file) and calls back once per
 * burst of changes: an editor's save (write, rename, chmod) or a copy of several files causes
 * one reload.
 */
final class RulesWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RulesWatcher.class);
    private static final long QUIET_MILLIS = 300;

    private final WatchService service;
    private final Set<Path> files;
    private final Set<Path> dirs;
    private final Runnable onChange;
    private final Thread thread;
    private final String what;

    private RulesWatcher(WatchService service, Set<Path> files, Set<Path> dirs, Runnable onChange, String what) {
        this.service = service;
        this.files = files;
        this.dirs = dirs;
        this.onChange = onChange;
        this.what = what;
        this.thread = new Thread(this::run, "vigil-" + what.replace(' ', '-') + "-watch");
        this.thread.setDaemon(true);
    }

    /** Starts watching; returns null (and logs) if the platform cannot watch. */
    static RulesWatcher start(List<Path> paths, Runnable onChange) {
        return start(paths, onChange, "rules files");
    }

    /**
     * Starts watching {@code paths}, named {@code what} in log messages; returns null (and logs)
     * if the platform cannot watch.
     */
    static RulesWatcher start(List<Path> paths, Runnable onChange, String what) {
        try {
            WatchService ws = FileSystems.getDefault().newWatchService();
            Set<Path> files = new HashSet<>();
            Set<Path> dirs = new HashSet<>();
            Set<Path> registered = new HashSet<>();
            for (Path p : paths) {
                Path abs = p.toAbsolutePath().normalize();
                Path dir = Files.isDirectory(abs) ? abs : abs.getParent();
                if (Files.isDirectory(abs)) {
                    dirs.add(abs);
                } else {
                    files.add(abs);
                    if (Files.isSymbolicLink(abs) && dir != null) {
                        // A Kubernetes ConfigMap volume updates its files by swapping a symlink
                        // ("..data") beside them: the file's own name sees no event, so any
                        // change in its directory counts.
                        dirs.add(dir);
                    }
                }
                if (dir != null && Files.isDirectory(dir) && registered.add(dir)) {
                    dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
                }
            }
            RulesWatcher w = new RulesWatcher(ws, files, dirs, onChange, what);
            w.thread.start();
            return w;
        } catch (IOException e) {
            LOG.warn("cannot watch {} for changes: {}", what, e.toString());
            return null;
        }
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = service.take();
                boolean relevant = relevant(key);
                // Debounce: wait until the directory has been quiet for a moment.
                WatchKey more;
                while ((more = service.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    relevant |= relevant(more);
                }
                if (relevant) {
                    LOG.info("{} changed: reloading", what);
                    onChange.run();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private boolean relevant(WatchKey key) {
        boolean any = false;
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> e : key.pollEvents()) {
            if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                any = true;
                continue;
            }
            Path changed = dir.resolve((Path) e.context());
            if (files.contains(changed) || dirs.contains(dir)) {
                any = true;
            }
        }
        key.reset();
        return any;
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            LOG.debug("closing the rules watcher: {}", e.toString());
        }
        thread.interrupt();
    }
}
