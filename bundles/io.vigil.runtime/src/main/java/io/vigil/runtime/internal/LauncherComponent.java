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
 * level, so that every bundle of the distribution's startup features (all of Vigil and its
 * plugins) has started; Karaf's operator tools (shell, ssh) may still be starting. The script passes the arguments in a file named by the system
 * property {@code vigil.argsfile} (NUL-separated) and the caller's directory in
 * {@code vigil.cwd}; without them (plain {@code bin/karaf}) Vigil runs with the default
 * configuration. Commands that finish (validate, list, ...) end the process with their exit
 * code.
 */
@Component(immediate = true)
public final class LauncherComponent {

    private static final Logger LOG = LoggerFactory.getLogger(LauncherComponent.class);
    private static final String ARGS_READ = "vigil.args.read";

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
            waitForPlugins(component);
            launcher.run(args);
        }, "vigil-launcher");
        t.setDaemon(true);
        t.start();
    }

    private static void waitForStartLevel(BundleContext context) {
        int target = Integer.parseInt(context.getProperty("org.osgi.framework.startlevel.beginning") == null ? "1"
                : context.getProperty("org.osgi.framework.startlevel.beginning"));
        FrameworkStartLevel fsl = context.getBundle(0).adapt(FrameworkStartLevel.class);
        while (fsl.getStartLevel() < target) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
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
