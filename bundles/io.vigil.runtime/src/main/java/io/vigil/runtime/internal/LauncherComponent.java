package io.vigil.runtime.internal;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vigil.engine.api.RuleEngine;
import io.vigil.runtime.api.VigilRuntime;

/**
 * Runs the {@code bin/vigil} command line once the framework has reached its beginning start
 * level and the plugins in {@code deploy/} have started, so that all of Vigil and its plugins
 * are there. The script passes the arguments in a file named by the system property
 * {@code vigil.argsfile} (NUL-separated) and the caller's directory in {@code vigil.cwd};
 * without them (plain {@code bin/karaf}) Vigil runs with the default configuration. Commands
 * that finish (validate, list, ...) end the process with their exit code.
 *
 * <p>A long run starts in two steps: {@code bin/vigil} sets the beginning start level to
 * Vigil's own (14, see the features), so Karaf's console, SSH server and features service
 * wait; once the run is ready (rules compiled, sources open) the framework is raised to
 * {@code vigil.startlevel.after.ready} and they start while Vigil already alerts.
 */
@Component(immediate = true)
public final class LauncherComponent {

    private static final Logger LOG = LoggerFactory.getLogger(LauncherComponent.class);
    private static final String ARGS_READ = "vigil.args.read";
    private static final String BEGINNING = "org.osgi.framework.startlevel.beginning";
    private static final String AFTER_READY = "vigil.startlevel.after.ready";

    @Activate
    public LauncherComponent(BundleContext context, @Reference VigilRuntime runtime,
            @Reference RuleEngine engine,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL) ConfigurationAdmin configAdmin) {
        if (!(runtime instanceof VigilRuntimeComponent component)) {
            LOG.error("unexpected VigilRuntime implementation {}; launcher not started", runtime.getClass());
            return;
        }
        List<String> args;
        try {
            args = arguments();
        } catch (IOException e) {
            System.err.println("vigil: cannot read the launcher arguments: " + e.getMessage());
            exit(2);
            return;
        }
        boolean launched = System.getProperty("vigil.argsfile") != null;
        Path home = Path.of(System.getProperty("karaf.home", "."));
        Path cwd = Path.of(System.getProperty("vigil.cwd", System.getProperty("user.dir")));
        // The real standard output: Karaf may have redirected System.out into its log.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        long start = Long.getLong("vigil.start.nanos", 0L);
        long startNanos = start == 0 ? System.nanoTime() : System.nanoTime()
                - Math.max(0, (System.currentTimeMillis() - start / 1_000_000L)) * 1_000_000L;
        Launcher launcher = new Launcher(component.core(), engine, cwd, home, out, err,
                launched ? LauncherComponent::exit : code -> LOG.info("vigil command finished with code {}", code),
                startNanos, wanted -> {
                    if (configAdmin != null) {
                        FalcoOutputConfigs.apply(configAdmin, wanted);
                    } else if (!wanted.isEmpty()) {
                        throw new IOException("no configuration admin service to create them with");
                    }
                });
        Thread t = new Thread(() -> {
            waitForStartLevel(context);
            waitForDeployedPlugins(context, Path.of(System.getProperty("karaf.base", home.toString()), "deploy"));
            waitForPlugins(component);
            launcher.run(args);
            raiseStartLevel(context); // returns once a run is ready (a command that ends has exited)
        }, "vigil-launcher");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Waits for the start level Karaf's launcher raises the framework to: Karaf gives the
     * framework a lower beginning level of its own and keeps the configured one in the system
     * property.
     */
    private static void waitForStartLevel(BundleContext context) {
        int target = Integer.getInteger(BEGINNING, 1);
        FrameworkStartLevel fsl = context.getBundle(0).adapt(FrameworkStartLevel.class);
        while (fsl.getStartLevel() < target) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Waits (at most 10 s) until every bundle file in {@code deploy/} is installed and active, so
     * that the rules can use the fields and sources of plugins deployed before the start. File
     * Install scans the directory in its own thread; a plugin that cannot start is named.
     */
    private static void waitForDeployedPlugins(BundleContext context, Path deploy) {
        List<String> names = new ArrayList<>();
        try (var files = Files.list(deploy)) {
            files.filter(f -> f.getFileName().toString().endsWith(".jar")).forEach(f -> names.add(f.getFileName().toString()));
        } catch (IOException e) {
            return; // no deploy directory: nothing to wait for
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<String> waiting = names;
        while (!waiting.isEmpty()) {
            List<String> still = new ArrayList<>();
            for (String name : waiting) {
                boolean active = false;
                for (Bundle b : context.getBundles()) {
                    if (b.getLocation().endsWith("/" + name) && b.getState() == Bundle.ACTIVE) {
                        active = true;
                        break;
                    }
                }
                if (!active) {
                    still.add(name);
                }
            }
            waiting = still;
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                LOG.warn("plugins in {} not active after 10 s, starting without them: {}", deploy, waiting);
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Starts what the two-step start held back (Karaf's console, SSH, features service). */
    private static void raiseStartLevel(BundleContext context) {
        Integer after = Integer.getInteger(AFTER_READY);
        FrameworkStartLevel fsl = context.getBundle(0).adapt(FrameworkStartLevel.class);
        if (after != null && fsl.getStartLevel() < after) {
            LOG.info("Vigil is ready; raising the framework start level from {} to {}", fsl.getStartLevel(), after);
            fsl.setStartLevel(after);
        }
    }

    /** Bundles are started; give their components a moment to register services. */
    private static void waitForPlugins(VigilRuntimeComponent component) {
        int last = -1;
        for (int i = 0; i < 30; i++) {
            int now = component.catalog().extractors().size() + component.sources().size();
            if (now == last && now > 0) {
                return;
            }
            last = now;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static List<String> arguments() throws IOException {
        String file = System.getProperty("vigil.argsfile");
        List<String> out = new ArrayList<>();
        if (file == null) {
            return out;
        }
        // Read once and kept: if this bundle is restarted, the same command line runs again.
        String all = System.getProperty(ARGS_READ);
        if (all == null) {
            all = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            Files.deleteIfExists(Path.of(file));
            System.setProperty(ARGS_READ, all);
        }
        for (String a : all.split("\0", -1)) {
            if (!a.isEmpty()) {
                out.add(a);
            }
        }
        return out;
    }

    /** Ends the process from a fresh thread, so no framework lock is held while Karaf stops. */
    private static void exit(int code) {
        Thread t = new Thread(() -> {
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(code);
        }, "vigil-exit");
        t.start();
    }
}
