package io.vigil.itests;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/** Pax Exam options that run the built Vigil distribution with a test's own vigil.yaml. */
final class VigilDistribution {

    private VigilDistribution() {
    }

    /**
     * @param unpackName a directory name under the test directory, one per test class
     * @param config     the {@code etc/vigil.yaml} to run with
     * @param extra      further options of the test
     */
    static Option[] options(String unpackName, Path config, Option... extra) {
        Path dir = Path.of(System.getProperty("vigil.itest.dir"));
        List<Option> all = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(maven().groupId("io.vigil").artifactId("vigil-dist").type("tar.gz")
                                .version(System.getProperty("vigil.version")))
                        .unpackDirectory(dir.resolve(unpackName).toFile())
                        .useDeployFolder(false),
                keepRuntimeFolder(),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.WARN),
                replaceConfigurationFile("etc/vigil.yaml", config.toFile()),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        System.getProperty("maven.repo.local")),
                editConfigurationFilePut("etc/system.properties", "vigil.itest.dir", dir.toString())));
        all.addAll(List.of(extra));
        return all.toArray(new Option[0]);
    }
}
